import Foundation
import QuotegenCore
import QuotegenJSON

/// Writes every live quote, in id order, from one snapshot of the store: consistent even while a server writes.
public struct QuoteExporter: Sendable {
    let store: any QuoteStore

    public init(store: any QuoteStore) {
        self.store = store
    }

    /// Streams the export to `write` in chunks and returns how many quotes it wrote. For `txt`, a quote with
    /// a line break throws before anything is written: that format has one quote per line.
    @discardableResult
    public func export(format: TransferFormat, to write: @escaping @Sendable (Data) throws -> Void) async throws -> Int {
        try await store.withLiveQuotes { snapshot in
            if format == .txt, let id = try await snapshot.firstIDWithLineBreak() {
                throw TransferError("quote \(id) contains a line break, which txt (one quote per line) cannot hold; use --format jsonl or csv")
            }
            var chunk = Data()
            if format == .csv { chunk.append(contentsOf: CSV.line(Self.csvColumns).utf8) }
            var count = 0
            try await snapshot.forEachQuote { quote in
                try Self.append(quote, format: format, to: &chunk)
                count += 1
                if chunk.count >= 1 << 16 {
                    try write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try write(chunk) }
            return count
        }
    }

    static let csvColumns = ["id", "quote", "author", "author_slug", "tags", "source", "created_at", "updated_at"]

    private static func append(_ quote: Quote, format: TransferFormat, to chunk: inout Data) throws {
        switch format {
        case .txt:
            chunk.append(contentsOf: quote.text.utf8)
            chunk.append(UInt8(ascii: "\n"))
        case .jsonl:
            chunk.append(contentsOf: JSONWriter.bytes(of: QuoteResource(quote: quote)))
            chunk.append(UInt8(ascii: "\n"))
        case .csv:
            let fields = [
                String(quote.id), quote.text, quote.author ?? "", quote.authorSlug ?? "", quote.tags.joined(separator: " "),
                quote.source.rawValue, quote.createdAt, quote.updatedAt,
            ]
            chunk.append(contentsOf: CSV.line(fields).utf8)
        }
    }
}
