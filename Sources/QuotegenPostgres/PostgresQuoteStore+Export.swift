import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    /// One repeatable-read transaction on one connection for the whole export: every batch sees the same
    /// snapshot, even while replicas write.
    public func withLiveQuotes<T: Sendable>(_ body: @Sendable (any LiveQuoteSnapshot) async throws -> T) async throws -> T {
        let (logger, database) = (logger, database)
        // No time limit: an export of a large store takes as long as it takes.
        return try await withoutActuallyEscaping(body) { body in
            try await database.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", timeLimit: false) { connection in
                try await body(Snapshot(connection: connection, logger: logger))
            }
        }
    }

    private struct Snapshot: LiveQuoteSnapshot {
        let connection: PostgresConnection
        let logger: Logger

        func firstIDWithLineBreak() async throws -> Int64? {
            let rows = try await connection.query(
                "SELECT id FROM quote WHERE deleted_at IS NULL AND (strpos(text, chr(10)) > 0 OR strpos(text, chr(13)) > 0) ORDER BY id LIMIT 1",
                logger: logger
            )
            for try await id in rows.decode(Int64.self) { return id }
            return nil
        }

        func liveQuotes(after afterID: Int64, limit: Int) async throws -> [Quote] {
            try await PostgresQuoteRow.quotes(try await connection.query(
                "SELECT \(unescaped: PostgresQuoteRow.columns) FROM quote q WHERE q.deleted_at IS NULL AND q.id > \(afterID) ORDER BY q.id LIMIT \(limit)",
                logger: logger
            ))
        }
    }
}
