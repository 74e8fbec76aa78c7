import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    /// One read transaction held for the whole export (a snapshot connection): consistent even while a server
    /// writes to the same file.
    public func withLiveQuotes<T: Sendable>(_ body: @Sendable (any LiveQuoteSnapshot) async throws -> T) async throws -> T {
        try await body(Snapshot(snapshot: try pool.makeSnapshot()))
    }

    private struct Snapshot: LiveQuoteSnapshot {
        let snapshot: DatabaseSnapshot

        func firstIDWithLineBreak() async throws -> Int64? {
            try await snapshot.read { db in
                try Int64.fetchOne(db, sql: """
                    SELECT id FROM quote WHERE deleted_at IS NULL AND (instr(text, char(10)) > 0 OR instr(text, char(13)) > 0)
                    ORDER BY id LIMIT 1
                    """)
            }
        }

        func liveQuotes(after afterID: Int64, limit: Int) async throws -> [Quote] {
            try await snapshot.read { db in
                try QuoteQuery.fetchAll(db, where: "q.deleted_at IS NULL AND q.id > ? ORDER BY q.id LIMIT ?", arguments: [afterID, limit])
            }
        }
    }
}
