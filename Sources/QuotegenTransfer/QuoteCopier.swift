import Crypto
import Foundation
import QuotegenCore

/// `quotegen copy`: every row of one store into another, on any engines, ids, timestamps, revisions and
/// tombstones kept, in batches; then both are read back and compared by count and SHA-256, so that a copy
/// that reports success is a faithful one.
public struct QuoteCopier: Sendable {
    let source: any QuoteStore
    let destination: any QuoteStore

    public init(from source: any QuoteStore, to destination: any QuoteStore) {
        (self.source, self.destination) = (source, destination)
    }

    public struct Report: Sendable, Equatable {
        /// Rows copied, tombstones included.
        public var rows = 0
        public var tombstones = 0
        /// SHA-256 of every row in id order, the same on both sides.
        public var checksum = ""
    }

    /// Refuses a destination that holds any quote, unless `replace` (which removes them first).
    /// `progress` is called after each batch with the rows copied so far and the total.
    public func copy(replace: Bool, batchSize: Int = 5000, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        let present = try await destination.storedQuoteCount()
        if present > 0 && !replace {
            throw TransferError("the destination already holds \(present) quotes (tombstones included); copy into an empty store, or pass --replace to remove them first")
        }
        let total = try await source.storedQuoteCount()
        if replace { try await destination.removeEverything() }
        var report = Report()
        var digest = SHA256()
        var after: Int64 = 0
        while true {
            let batch = try await source.storedQuotes(after: after, limit: batchSize)
            guard let last = batch.last else { break }
            try await destination.insertStored(batch)
            for row in batch { Self.add(row, to: &digest) }
            report.rows += batch.count
            report.tombstones += batch.count(where: { $0.deletedAt != nil })
            after = last.quote.id
            progress(report.rows, max(total, report.rows))
        }
        report.checksum = Self.hex(digest.finalize())
        let (copiedRows, copiedChecksum) = try await Self.checksum(of: destination, batchSize: batchSize)
        guard copiedRows == report.rows, copiedChecksum == report.checksum else {
            throw TransferError("the copy does not match its source (\(copiedRows) rows read back of \(report.rows) copied, checksums \(copiedChecksum.prefix(12)) and \(report.checksum.prefix(12))); was a server writing to either store? Stop it and copy again with --replace")
        }
        return report
    }

    /// The number of rows of `store` and the SHA-256 of all of them in id order.
    public static func checksum(of store: any QuoteStore, batchSize: Int = 5000) async throws -> (rows: Int, checksum: String) {
        var digest = SHA256()
        var (rows, after): (Int, Int64) = (0, 0)
        while true {
            let batch = try await store.storedQuotes(after: after, limit: batchSize)
            guard let last = batch.last else { break }
            for row in batch { add(row, to: &digest) }
            rows += batch.count
            after = last.quote.id
        }
        return (rows, hex(digest.finalize()))
    }

    /// One row, every field, each ended by a separator no field holds (unit separator; a quote's text may hold
    /// any other character but controls are refused on input).
    private static func add(_ row: StoredQuote, to digest: inout SHA256) {
        let quote = row.quote
        let fields = [
            String(quote.id), quote.text, quote.author ?? "\u{0}", quote.tags.joined(separator: ","), quote.source.rawValue,
            quote.createdAt, quote.updatedAt, row.deletedAt ?? "\u{0}", String(quote.revision),
        ]
        digest.update(data: Data(fields.map { $0 + "\u{1F}" }.joined().utf8 + [0x1E]))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
