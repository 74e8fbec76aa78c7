import Crypto
import Foundation
import QuotegenCore
import QuotegenFiles

/// The seed file's reading rules, as in the original service: UTF-8, one quote per line,
/// each line trimmed, blank lines skipped. A file that is not text at all (NUL bytes) or whose lines are mostly
/// not quotes is refused as a whole (`refusal`), so that a binary dropped in its place is never served.
public struct SeedFile: Sendable, Equatable {
    /// Longer lines cannot be quotes (`QuoteContent.maxTextBytes`); they are rejected without being held in memory.
    public static let maxLineBytes = 64 * 1024

    /// A line that was skipped, and why (1-based line number).
    public struct Rejection: Sendable, Equatable {
        public let line: Int
        public let reason: String
    }

    /// A valid quote text and its 1-based line number.
    public struct Line: Sendable, Equatable {
        public let line: Int
        public let text: String
    }

    /// Valid quote texts with their line numbers, in file order.
    public let lines: [Line]
    public let rejections: [Rejection]
    /// Whether a NUL byte appeared anywhere: text files have none.
    public let containsNUL: Bool

    /// Valid quote texts, in file order.
    public var texts: [String] { lines.map(\.text) }

    /// Why the file as a whole is not a seed file, or nil when it is one.
    public var refusal: String? {
        if containsNUL { return "it contains NUL bytes, so it is not a text file" }
        if rejections.count > lines.count {
            return "\(rejections.count) of its \(rejections.count + lines.count) lines are not valid quotes"
        }
        return nil
    }

    /// `firstLine` numbers the first line of `contents` (a later part of a file starts past 1, and has no BOM).
    public init(contents: Data, firstLine: Int = 1) {
        var reader = SeedLineReader(firstLine: firstLine)
        reader.feed(contents)
        self = reader.finish()
    }

    fileprivate init(lines: [Line], rejections: [Rejection], containsNUL: Bool) {
        self.lines = lines
        self.rejections = rejections
        self.containsNUL = containsNUL
    }

    /// Reads the file at `path` in chunks: memory holds the valid lines, never one huge line. Also returns the
    /// SHA-256 of what it read (hex), for the seed fingerprint.
    public static func read(path: String) throws -> (file: SeedFile, sha256: String) {
        var reader = SeedLineReader(firstLine: 1)
        let digest = try digest(path: path) { reader.feed($0) }
        return (reader.finish(), digest)
    }

    /// The SHA-256 (hex) of the file at `path`, read in 1 MiB chunks, each also handed to `chunk`.
    static func digest(path: String, _ chunk: (Data) -> Void = { _ in }) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FileError("cannot read the seed file \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            hasher.update(data: data)
            chunk(data)
        }
        return lowercaseHex(hasher.finalize())
    }
}

/// Splits bytes into lines as they arrive and applies the seed rules to each.
private struct SeedLineReader {
    private var lines: [SeedFile.Line] = []
    private var rejections: [SeedFile.Rejection] = []
    private var containsNUL = false
    private var pending: [UInt8] = []
    private var overlong = false
    private var lineNumber: Int
    private var atStart: Bool

    init(firstLine: Int) {
        lineNumber = firstLine
        atStart = firstLine == 1
    }

    mutating func feed(_ chunk: some Collection<UInt8>) {
        if !containsNUL, chunk.contains(0) { containsNUL = true }
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            append(chunk[start..<newline])
            endLine()
            start = chunk.index(after: newline)
        }
        append(chunk[start...])
    }

    mutating func finish() -> SeedFile {
        if !pending.isEmpty || overlong { endLine() }
        return SeedFile(lines: lines, rejections: rejections, containsNUL: containsNUL)
    }

    private mutating func append(_ bytes: some Collection<UInt8>) {
        guard !overlong else { return }
        if pending.count + bytes.count > SeedFile.maxLineBytes {
            overlong = true
            pending = []
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    private mutating func endLine() {
        defer {
            pending.removeAll(keepingCapacity: true)
            overlong = false
            lineNumber += 1
            atStart = false
        }
        if overlong {
            rejections.append(.init(line: lineNumber, reason: "line is longer than \(SeedFile.maxLineBytes) bytes"))
            return
        }
        var bytes = pending[...]
        if atStart, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // UTF-8 byte order mark
        guard let line = String(validating: bytes, as: UTF8.self) else {
            rejections.append(.init(line: lineNumber, reason: "not valid UTF-8"))
            return
        }
        let text = line.trimmingWhitespace()
        if text.isEmpty { return }
        do {
            lines.append(.init(line: lineNumber, text: try QuoteContent(text: text, author: nil, tags: []).text))
        } catch {
            rejections.append(.init(line: lineNumber, reason: error.description))
        }
    }
}
