import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    /// One read transaction: a consistent snapshot even while a server writes to the same file.
    public func withLiveQuotes<T: Sendable>(_ body: @Sendable (any LiveQuoteSnapshot) throws -> T) async throws -> T {
        try await pool.read { db in try body(Snapshot(db: db)) }
    }

    private struct Snapshot: LiveQuoteSnapshot {
        let db: Database

        func firstIDWithLineBreak() throws -> Int64? {
            try Int64.fetchOne(db, sql: """
                SELECT id FROM quote WHERE deleted_at IS NULL AND (instr(text, char(10)) > 0 OR instr(text, char(13)) > 0)
                ORDER BY id LIMIT 1
                """)
        }

        func forEachQuote(_ body: (Quote) throws -> Void) throws {
            let quotes = try QuoteQuery.fetchCursor(db, where: "q.deleted_at IS NULL ORDER BY q.id", arguments: [])
            while let quote = try quotes.next() { try body(quote) }
        }
    }
}
