import QuotegenCore
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

    /// The format an export writes: `explicit` if given, else the one the output file's extension implies,
    /// txt for standard output. Refuses a file name whose extension implies no format (`q.json`) unless the
    /// format is given, and a name that implies another format than the one given, so that the name never lies.
    public static func forExport(explicit: TransferFormat?, output: String?) throws(TransferError) -> TransferFormat {
        guard let output, output != "-" else { return explicit ?? .txt }
        let implied = TransferFormat(fileName: output)
        switch (explicit, implied) {
        case (nil, nil):
            throw TransferError("cannot tell the format of \(output) from its extension; name it .txt, .jsonl or .csv, or pass --format")
        case (nil, let implied?):
            return implied
        case (let explicit?, let implied?) where implied != explicit:
            throw TransferError("--format \(explicit.rawValue) does not match the name \(output), which says \(implied.rawValue)")
        case (let explicit?, _):
            return explicit
        }
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
    /// What `line` counts: lines of a text file, or entries of a JSON array (`entry`, 1-based).
    public var unit = "line"

    public var description: String { "\(unit) \(line): \(reason)" }
}

/// A problem with a whole transfer file (its header, its encoding, a quote that its format cannot hold).
public struct TransferError: UserFacingError, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
