/// The file formats of `quotegen import` and `quotegen export`.
public enum TransferFormat: String, Sendable, CaseIterable {
    /// The seed file's format: one quote text per line, nothing else.
    case txt
    /// One JSON object per line, as the API shows a quote.
    case jsonl
    /// RFC 4180 CSV with a header row; tags separated by spaces in one field.
    case csv

    /// The format a file name's extension implies, or nil.
    public init?(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".txt") { self = .txt }
        else if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { self = .jsonl }
        else if name.hasSuffix(".csv") { self = .csv }
        else { return nil }
    }
}

/// A quote as a transfer file carries it, before validation.
public struct QuoteRecord: Sendable, Equatable {
    public var text: String
    public var author: String?
    public var tags: [String]
}

/// A row of a transfer file that is not a valid quote (1-based line number where the row starts).
public struct RowRejection: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public var description: String { "line \(line): \(reason)" }
}

/// A problem with a whole transfer file (its header, its encoding, a quote that its format cannot hold).
public struct TransferError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
