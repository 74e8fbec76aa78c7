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

    public init(contents: Data) {
        var lines: [Line] = []
        var rejections: [Rejection] = []
        var bytes = contents[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // UTF-8 byte order mark
        for (index, rawLine) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard let line = String(validating: rawLine, as: UTF8.self) else {
                rejections.append(Rejection(line: index + 1, reason: "not valid UTF-8"))
                continue
            }
            let text = line.trimmingWhitespace()
            if text.isEmpty { continue }
            do {
                lines.append(Line(line: index + 1, text: try QuoteContent(text: text, author: nil, tags: []).text))
            } catch {
                rejections.append(Rejection(line: index + 1, reason: error.description))
            }
        }
        self.lines = lines
        self.rejections = rejections
    }
}
