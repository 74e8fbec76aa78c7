import Foundation
import GRDB

/// What a bulk add did with each quote it was given.
public struct BulkAddReport: Sendable, Equatable {
    /// Stored as new quotes.
    public var added = 0
    /// Deleted quotes brought back (only when asked to revive).
    public var revived = 0
    /// Texts already stored: live, deleted (unless revived), or earlier in the same input.
    public var alreadyStored = 0

    public init(added: Int = 0, revived: Int = 0, alreadyStored: Int = 0) {
        self.added = added
        self.revived = revived
        self.alreadyStored = alreadyStored
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        Self(added: lhs.added + rhs.added, revived: lhs.revived + rhs.revived, alreadyStored: lhs.alreadyStored + rhs.alreadyStored)
    }
}

extension SQLiteQuoteRepository {
    /// Adds validated quotes in batched transactions (seeding and `quotegen import`): a text never stored is
    /// inserted; a live one is skipped; a deleted one is skipped, or with `revive` brought back with the given
    /// author and tags. Each batch is one short write transaction, so readers and API writes are not held up,
    /// and a crash loses at most the batch in flight (a re-run skips what was stored).
    /// `progress` is called after each batch with the number of quotes handled so far.
    public func addQuotes(
        _ contents: [QuoteContent], source: QuoteSource, revive: Bool = false, batchSize: Int = 5000,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> BulkAddReport {
        var report = BulkAddReport()
        for start in stride(from: 0, to: contents.count, by: batchSize) {
            let batch = contents[start..<min(start + batchSize, contents.count)]
            let stamp = Timestamp.string(from: now())
            report = report + (try await pool.write { db in try Self.add(batch, source: source, revive: revive, stamp: stamp, db) })
            progress(start + batch.count)
        }
        return report
    }

    private static func add(
        _ batch: ArraySlice<QuoteContent>, source: QuoteSource, revive: Bool, stamp: String, _ db: Database
    ) throws -> BulkAddReport {
        var report = BulkAddReport()
        // This transaction is the only writer, so numbering on from the current maximum is safe; it spares
        // the insert trigger's second write per row (migration 0004).
        var changeSeq = try Int64.fetchOne(db, sql: "SELECT max(change_seq) FROM quote") ?? 0
        // Insert-if-never-stored in one statement; only a text that was stored costs a second look.
        let insert = try db.cachedStatement(sql: """
            INSERT INTO quote (text, author, source, created_at, updated_at, change_seq)
            SELECT ?1, ?2, ?3, ?4, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM quote WHERE text = ?1)
            """)
        let lookup = try db.cachedStatement(sql: """
            SELECT id, deleted_at IS NULL AS live FROM quote WHERE text = ?
            ORDER BY deleted_at IS NULL DESC, id DESC LIMIT 1
            """)
        let reviveStatement = try db.cachedStatement(sql: """
            UPDATE quote SET deleted_at = NULL, author = ?, updated_at = ?, revision = revision + 1 WHERE id = ?
            """)
        for content in batch {
            try insert.execute(arguments: [content.text, content.author, source.rawValue, stamp, changeSeq + 1])
            if db.changesCount == 1 {
                changeSeq += 1
                if !content.tags.isEmpty { try insertTags(db, quoteID: db.lastInsertedRowID, content.tags) }
                report.added += 1
                continue
            }
            guard revive, let existing = try Row.fetchOne(lookup, arguments: [content.text]), !(existing["live"] as Bool) else {
                report.alreadyStored += 1
                continue
            }
            let id: Int64 = existing["id"]
            try reviveStatement.execute(arguments: [content.author, stamp, id])
            try replaceTags(db, quoteID: id, with: content.tags)
            // The update trigger numbered the revived row past our counter.
            changeSeq = try Int64.fetchOne(db, sql: "SELECT max(change_seq) FROM quote") ?? changeSeq
            report.revived += 1
        }
        return report
    }
}
