import GRDB

extension SQLiteQuoteRepository {
    public func authors() async throws -> [Tally] {
        // Grouped by the same case folding the `author` filter uses; min() picks one spelling deterministically.
        try await tallies(sql: """
            SELECT min(author) AS name, count(*) AS count FROM quote
            WHERE deleted_at IS NULL AND author IS NOT NULL
            GROUP BY swiftLowercaseString(author)
            """)
    }

    public func tags() async throws -> [Tally] {
        try await tallies(sql: """
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
