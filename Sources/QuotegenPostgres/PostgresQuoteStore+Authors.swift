import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    public func author(slug: String) async throws -> Author? {
        try await database.query(
            "SELECT \(unescaped: PostgresAuthorRows.columns) FROM author WHERE slug = \(slug)"
        ).map(PostgresAuthorRows.author).first
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
