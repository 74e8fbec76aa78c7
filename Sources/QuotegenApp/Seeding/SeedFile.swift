import Foundation

/// The seed file's reading rules, as in the original service: UTF-8, one quote per line,
/// each line trimmed, blank lines skipped.
public struct SeedFile: Sendable, Equatable {
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

    /// Valid quote texts, in file order.
    public var texts: [String] { lines.map(\.text) }

    /// `firstLine` numbers the first line of `contents` (a later part of a file starts past 1, and has no BOM).
    public init(contents: Data, firstLine: Int = 1) {
        var lines: [Line] = []
        var rejections: [Rejection] = []
        var bytes = contents[...]
        if firstLine == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // UTF-8 byte order mark
        for (index, rawLine) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard let line = String(validating: rawLine, as: UTF8.self) else {
                rejections.append(Rejection(line: firstLine + index, reason: "not valid UTF-8"))
                continue
            }
            let text = line.trimmingWhitespace()
            if text.isEmpty { continue }
            do {
                lines.append(Line(line: firstLine + index, text: try QuoteContent(text: text, author: nil, tags: []).text))
            } catch {
                rejections.append(Rejection(line: firstLine + index, reason: error.description))
            }
        }
        self.lines = lines
        self.rejections = rejections
    }
}
