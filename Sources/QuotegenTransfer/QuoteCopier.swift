import Crypto
import Foundation
import QuotegenCore

/// `quotegen copy`: every row of one store into another, on any engines, ids, timestamps, revisions and
/// tombstones kept, in batches; then both are read back and compared by count and SHA-256, so that a copy
/// that reports success is a faithful one.
public struct QuoteCopier: Sendable {
    let source: any QuoteStore
    let destination: any QuoteStore

    let parallelWrites: Int

    public init(from source: any QuoteStore, to destination: any QuoteStore, parallelWrites: Int = 2) {
        (self.source, self.destination, self.parallelWrites) = (source, destination, max(1, parallelWrites))
    }

    public struct Report: Sendable, Equatable {
        /// Rows copied, tombstones included.
        public var rows = 0
        public var tombstones = 0
        /// Authors copied (with their slugs and profiles), before the quotes.
        public var authors = 0
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
        report.authors = try await copyAuthors(batchSize: batchSize)
        var digest = SHA256()
        var after: Int64 = 0
        // Rows keep their ids, so batches may be written in any order: while one is written the next is read and
        // sent, `parallelWrites` at most (on PostgreSQL each goes on its own connection and server process).
        try await withThrowingTaskGroup(of: Int.self) { writes in
            var inFlight = 0
            var written = 0
            while true {
                let batch = try await source.storedQuotes(after: after, limit: batchSize)
                guard let last = batch.last else { break }
                if inFlight == parallelWrites, let done = try await writes.next() {
                    inFlight -= 1
                    written += done
                    progress(written, max(total, written))
                }
                writes.addTask { [destination] in
                    try await destination.insertStored(batch)
                    return batch.count
                }
                inFlight += 1
                for row in batch { Self.add(row, to: &digest) }
                report.rows += batch.count
                report.tombstones += batch.count(where: { $0.deletedAt != nil })
                after = last.quote.id
            }
            while let done = try await writes.next() {
                written += done
                progress(written, max(total, written))
            }
        }
        try await Self.addAuthors(of: source, to: &digest, batchSize: batchSize)
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
        try await addAuthors(of: store, to: &digest, batchSize: batchSize)
        return (rows, hex(digest.finalize()))
    }

    /// Every author, in id order, before any quote: on PostgreSQL a quote needs its author's row, and a quote
    /// copied first would make its author anew, with a slug that may not be the source's.
    private func copyAuthors(batchSize: Int) async throws -> Int {
        var (count, after): (Int, Int64) = (0, 0)
        while true {
            let batch = try await source.storedAuthors(after: after, limit: batchSize)
            guard let last = batch.last else { return count }
            try await destination.insertStoredAuthors(batch)
            count += batch.count
            after = last.id
        }
    }

    /// Every author of `store` in id order, every field, after the quotes.
    private static func addAuthors(of store: any QuoteStore, to digest: inout SHA256, batchSize: Int) async throws {
        var after: Int64 = 0
        while true {
            let batch = try await store.storedAuthors(after: after, limit: batchSize)
            guard let last = batch.last else { return }
            for author in batch {
                let profile = author.profile
                let fields = [
                    String(author.id), author.key, author.name, author.slug, profile.bio, profile.description, profile.link,
                    author.createdAt, author.updatedAt, String(author.revision),
                ]
                digest.update(data: Data(fields.map { $0 + "\u{1F}" }.joined().utf8 + [0x1D]))
            }
            after = last.id
        }
    }

    /// One row, every field, each ended by a separator no field holds (unit separator; a quote's text may hold
    /// any other character but controls are refused on input).
    private static func add(_ row: StoredQuote, to digest: inout SHA256) {
        let quote = row.quote
        let fields = [
            String(quote.id), quote.text, quote.author ?? "\u{0}", quote.authorSlug ?? "\u{0}", quote.tags.joined(separator: ","), quote.source.rawValue,
            quote.createdAt, quote.updatedAt, row.deletedAt ?? "\u{0}", String(quote.revision),
        ]
        digest.update(data: Data(fields.map { $0 + "\u{1F}" }.joined().utf8 + [0x1E]))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        lowercaseHex(digest)
    }
}
