import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    public func author(slug: String) async throws -> Author? {
        try await database.query(
            "SELECT \(unescaped: PostgresAuthorRows.columns) FROM author WHERE slug = \(slug)"
        ).map(PostgresAuthorRows.author).first
    }

    public func author(id: Int64) async throws -> Author? {
        try await database.query(
            "SELECT \(unescaped: PostgresAuthorRows.columns) FROM author WHERE id = \(id)"
        ).map(PostgresAuthorRows.author).first
    }

    public func author(externalID: String) async throws -> Author? {
        try await database.query(
            "SELECT \(unescaped: PostgresAuthorRows.columns) FROM author WHERE external_id = \(externalID)"
        ).map(PostgresAuthorRows.author).first
    }

    public func allAuthors() async throws -> [Author] {
        try await database.query("SELECT \(unescaped: PostgresAuthorRows.columns) FROM author ORDER BY id").map(PostgresAuthorRows.author)
    }

    public func storedAuthors(after afterID: Int64, limit: Int) async throws -> [Author] {
        try await database.query(
            "SELECT \(unescaped: PostgresAuthorRows.columns) FROM author WHERE id > \(afterID) ORDER BY id LIMIT \(limit)"
        ).map(PostgresAuthorRows.author)
    }

    /// One set-based insert with the rows' own ids, then the id sequence moved above the highest, so that authors
    /// made later never take a copied one's id.
    public func insertStoredAuthors(_ authors: [Author]) async throws {
        try await database.transaction(timeLimit: false) { [logger] connection in
            try await connection.run("""
                INSERT INTO author (id, key, name, slug, bio, description, link, created_at, updated_at, revision, external_id)
                SELECT id, key, name, slug, bio, description, link, created_at, updated_at, revision, NULLIF(external_id, '') FROM unnest(\(authors.map(\.id))::int8[], \(authors.map(\.key))::text[], \(authors.map(\.name))::text[],
                    \(authors.map(\.slug))::text[], \(authors.map(\.profile.bio))::text[], \(authors.map(\.profile.description))::text[],
                    \(authors.map(\.profile.link))::text[], \(authors.map(\.createdAt))::text[], \(authors.map(\.updatedAt))::text[],
                    \(authors.map(\.revision))::int8[], \(authors.map { $0.externalID ?? "" })::text[])
                    AS v(id, key, name, slug, bio, description, link, created_at, updated_at, revision, external_id)
                """, logger: logger)
            try await connection.run("""
                SELECT setval(pg_get_serial_sequence('author', 'id'), max(id)) FROM author HAVING max(id) IS NOT NULL
                """, logger: logger)
        }
    }

    public func updateAuthor(slug: String, _ change: @escaping @Sendable (Author) throws -> AuthorProfile) async throws -> Author {
        let stamp = Timestamp.string(from: now())
        return try await writing(text: nil) { [logger] connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: PostgresAuthorRows.columns) FROM author WHERE slug = \(slug) FOR UPDATE", logger: logger
            )
            var found: Author?
            for try await row in rows { found = try PostgresAuthorRows.author(row) }
            guard let current = found else { throw AuthorStoreError.notFound(slug: slug) }
            let profile = try change(current)
            guard profile != current.profile else { return current }
            try await connection.run("""
                UPDATE author SET bio = \(profile.bio), description = \(profile.description), link = \(profile.link),
                    updated_at = \(stamp), revision = revision + 1
                WHERE id = \(current.id)
                """, logger: logger)
            var updated = current
            (updated.profile, updated.updatedAt, updated.revision) = (profile, stamp, current.revision + 1)
            return updated
        }
    }
}
