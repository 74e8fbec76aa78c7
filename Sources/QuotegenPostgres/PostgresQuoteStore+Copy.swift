import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    public func storedQuotes(after afterID: Int64, limit: Int) async throws -> [StoredQuote] {
        try await database.query(
            "SELECT \(unescaped: PostgresQuoteRow.columns), q.deleted_at FROM quote q WHERE q.id > \(afterID) ORDER BY q.id LIMIT \(limit)"
        ).map(PostgresQuoteRow.stored)
    }

    public func storedQuoteCount() async throws -> Int {
        try await values("SELECT count(*) FROM quote", as: Int.self).first ?? 0
    }

    /// One set-based insert with the rows' own ids (the trigger numbers each change and indexes live texts for
    /// search) and a baseline history entry for each (the history before the copy stays in the source store), then the id sequence moved above the highest id, so that new quotes never take a copied one's.
    /// Batches may be inserted in parallel and in any order: the sequence is only ever raised, one batch at a
    /// time (a transaction-scoped advisory lock), so a batch of lower ids finishing last cannot lower it.
    public func insertStored(_ quotes: [StoredQuote]) async throws {
        let rows = quotes.map(\.quote)
        try await database.transaction(timeLimit: false) { [logger] connection in
            _ = try await PostgresAuthorRows.slugs(
                of: rows.lazy.compactMap(\.author), at: rows.first?.createdAt ?? "", connection, logger: logger
            )
            try await connection.query("""
                WITH copied AS (
                INSERT INTO quote (id, text, author, author_key, tags, source, created_at, updated_at, deleted_at, revision, external_id)
                SELECT v.id, v.text, NULLIF(v.author, ''), CASE WHEN v.author <> '' THEN v.author_key END,
                    string_to_array(v.tags, ' '), v.source, v.created_at, v.updated_at, NULLIF(v.deleted_at, ''), v.revision,
                    NULLIF(v.external_id, '')
                FROM unnest(\(rows.map(\.id))::int8[], \(rows.map(\.text))::text[], \(rows.map { $0.author ?? "" })::text[],
                            \(rows.map { $0.author?.searchKey ?? "" })::text[], \(rows.map { $0.tags.joined(separator: " ") })::text[],
                            \(rows.map(\.source.rawValue))::text[], \(rows.map(\.createdAt))::text[], \(rows.map(\.updatedAt))::text[],
                            \(quotes.map { $0.deletedAt ?? "" })::text[], \(rows.map(\.revision))::int8[],
                            \(rows.map { $0.externalID ?? "" })::text[])
                    AS v(id, text, author, author_key, tags, source, created_at, updated_at, deleted_at, revision, external_id)
                RETURNING \(unescaped: Self.revisionSource), updated_at
                )
                \(unescaped: Self.recordSQL) \(RevisionAction.baseline.rawValue), \(RevisionActor.copy), updated_at FROM copied
                """, logger: logger)
            try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresAppDatabase.idSequenceLock))", logger: logger)
            try await connection.run("""
                SELECT setval(pg_get_serial_sequence('quote', 'id'), max(id)) FROM quote
                HAVING max(id) > coalesce(pg_sequence_last_value(pg_get_serial_sequence('quote', 'id')::regclass), 0)
                """, logger: logger)
        }
    }

    public func removeEverything() async throws {
        _ = try await database.query("TRUNCATE quote, author, quote_revision, seed_fingerprint, daily_choice RESTART IDENTITY")
    }
}
