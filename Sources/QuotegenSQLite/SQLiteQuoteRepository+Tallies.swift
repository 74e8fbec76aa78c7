import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    public func authors() async throws -> [Tally] {
        if index.isLoaded { return index.authorTallies() }
        // Grouped by the key the `author` filter compares (case and accents folded); min() picks the spelling
        // that sorts first, as the index does.
        return try await tallies(sql: """
            SELECT min(author) AS name, count(*) AS count FROM quote
            WHERE deleted_at IS NULL AND author_key IS NOT NULL
            GROUP BY author_key
            """)
    }

    public func tags() async throws -> [Tally] {
        if index.isLoaded { return index.tagTallies() }
        return try await tallies(sql: """
            SELECT t.tag AS name, count(*) AS count FROM quote_tag t JOIN quote q ON q.id = t.quote_id
            WHERE q.deleted_at IS NULL GROUP BY t.tag
            """)
    }

    private func tallies(sql: String) async throws -> [Tally] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: sql + " ORDER BY count DESC, name")
                .map { Tally(name: $0["name"], count: $0["count"]) }
        }
    }
}
