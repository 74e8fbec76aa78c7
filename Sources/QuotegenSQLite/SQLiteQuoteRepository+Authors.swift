import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    /// By a point read when a connection is idle (the `author_slug` filter asks before every pick), else through
    /// the pool.
    public func author(slug: String) async throws -> Author? {
        if let found = try database.pointReader.author(slug: slug) { return found }
        return try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: AuthorRows.bySlugSQL), arguments: [slug]).map(AuthorRows.author)
        }
    }

    public func author(id: Int64) async throws -> Author? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(AuthorRows.columns) FROM author WHERE id = ?"), arguments: [id])
                .map(AuthorRows.author)
        }
    }

    public func author(externalID: String) async throws -> Author? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(AuthorRows.columns) FROM author WHERE external_id = ?"), arguments: [externalID])
                .map(AuthorRows.author)
        }
    }

    public func allAuthors() async throws -> [Author] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(AuthorRows.columns) FROM author ORDER BY id").map(AuthorRows.author)
        }
    }

    public func storedAuthors(after afterID: Int64, limit: Int) async throws -> [Author] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(AuthorRows.columns) FROM author WHERE id > ? ORDER BY id LIMIT ?", arguments: [afterID, limit]
            ).map(AuthorRows.author)
        }
    }

    public func insertStoredAuthors(_ authors: [Author]) async throws {
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO author (id, key, name, slug, bio, description, link, created_at, updated_at, revision, external_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for author in authors {
                try insert.execute(arguments: [
                    author.id, author.key, author.name, author.slug, author.profile.bio, author.profile.description,
                    author.profile.link, author.createdAt, author.updatedAt, author.revision, author.externalID,
                ])
            }
        }
    }

    public func updateAuthor(slug: String, _ change: @escaping @Sendable (Author) throws -> AuthorProfile) async throws -> Author {
        let stamp = Timestamp.string(from: now())
        return try await committingWrite { db in
            guard let current = try Row.fetchOne(db.cachedStatement(sql: AuthorRows.bySlugSQL), arguments: [slug]).map(AuthorRows.author)
            else { throw AuthorStoreError.notFound(slug: slug) }
            let profile = try change(current)
            guard profile != current.profile else { return current }
            try db.cachedStatement(sql: """
                UPDATE author SET bio = ?, description = ?, link = ?, updated_at = ?, revision = revision + 1 WHERE id = ?
                """).execute(arguments: [profile.bio, profile.description, profile.link, stamp, current.id])
            var updated = current
            (updated.profile, updated.updatedAt, updated.revision) = (profile, stamp, current.revision + 1)
            return updated
        }
    }
}
