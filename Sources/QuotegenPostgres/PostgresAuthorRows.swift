import Logging
import PostgresNIO
import QuotegenCore

/// The one owner, on PostgreSQL, of the rule that every author key a quote carries has its `author` row
/// (migrations 0006 and 0007, which makes the database refuse a quote without one): each write path calls
/// `slugs(of:at:_:logger:)` on its connection before it writes the quotes.
enum PostgresAuthorRows {
    /// The slugs of `names` (validated authors, each folded once), adding the authors the store has none of.
    /// Replicas may add the same author or the same slug at once: `ON CONFLICT DO NOTHING` lets one win, and the
    /// other reads the winner's row or tries the next number.
    static func slugs(of names: some Sequence<String>, at stamp: String, _ connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        var keys: [String: String] = [:]
        for name in names where keys[name] == nil { keys[name] = name.searchKey }
        guard !keys.isEmpty else { return [:] }
        var slugByKey = try await existing(Array(Set(keys.values)), connection, logger: logger)
        for (name, key) in keys where slugByKey[key] == nil {
            slugByKey[key] = try await add(name: name, key: key, at: stamp, connection, logger: logger)
        }
        return keys.compactMapValues { slugByKey[$0] }
    }

    /// The slug of one validated author name.
    static func slug(of name: String?, at stamp: String, _ connection: PostgresConnection, logger: Logger) async throws -> String? {
        guard let name else { return nil }
        return try await slugs(of: [name], at: stamp, connection, logger: logger)[name]
    }

    private static func existing(_ keys: [String], _ connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        var slugs: [String: String] = [:]
        let rows = try await connection.query("SELECT key, slug FROM author WHERE key = ANY(\(keys)::text[])", logger: logger)
        for try await (key, slug) in rows.decode((String, String).self) { slugs[key] = slug }
        return slugs
    }

    /// `wanted` (an imported author's slug) is tried first when it is a slug.
    private static func add(
        name: String, key: String, wanted: String? = nil, at stamp: String, _ connection: PostgresConnection, logger: Logger
    ) async throws -> String {
        let base = AuthorSlug.base(for: name)
        var attempt = wanted.map { AuthorSlug.isWellFormed($0) ? -1 : 0 } ?? 0
        while true {
            let candidate = attempt < 0 ? wanted! : AuthorSlug.candidate(base, attempt: attempt)
            let inserted = try await connection.query("""
                INSERT INTO author (key, name, slug, created_at, updated_at) VALUES (\(key), \(name), \(candidate), \(stamp), \(stamp))
                ON CONFLICT DO NOTHING RETURNING slug
                """, logger: logger)
            for try await slug in inserted.decode(String.self) { return slug }
            if let slug = try await existing([key], connection, logger: logger)[key] { return slug }
            if attempt == 0 {
                // Skip the numbers given already (see AuthorRows on SQLite).
                let given = try await connection.query(
                    // A base is letters, digits and '-': nothing in it means anything to a regular expression.
                    "SELECT count(*) FROM author WHERE slug ~ \("^" + base + "-[0-9]+$")",
                    logger: logger
                )
                for try await count in given.decode(Int.self) { attempt = count }
            }
            attempt += 1
        }
    }

    /// An author from another system (see `AuthorRows.importAuthor` on SQLite: the same rule).
    static func importAuthor(_ author: ImportedAuthor, at stamp: String, _ connection: PostgresConnection, logger: Logger) async throws {
        let key = author.name.searchKey
        func current() async throws -> Author? {
            let rows = try await connection.query("SELECT \(unescaped: columns) FROM author WHERE key = \(key) FOR UPDATE", logger: logger)
            for try await row in rows { return try Self.author(row) }
            return nil
        }
        let before = try await current()
        if before == nil { _ = try await add(name: author.name, key: key, wanted: author.slug, at: author.createdAt ?? stamp, connection, logger: logger) }
        var found = before
        if found == nil { found = try await current() }
        guard let now = found else { return }
        var externalID = now.externalID
        if externalID == nil, let wanted = author.externalID {
            let taken = try await connection.query("SELECT 1 FROM author WHERE external_id = \(wanted)", logger: logger)
            var isTaken = false
            for try await _ in taken { isTaken = true }
            if !isTaken { externalID = wanted }
        }
        let profile = now.profile.filled(from: author.profile)
        let isNew = before == nil
        guard isNew || externalID != now.externalID || profile != now.profile else { return }
        try await connection.run("""
            UPDATE author SET external_id = \(externalID), bio = \(profile.bio), description = \(profile.description), link = \(profile.link),
                updated_at = \(isNew ? author.updatedAt ?? now.updatedAt : stamp), revision = revision + \(isNew ? 0 : 1)
            WHERE id = \(now.id)
            """, logger: logger)
    }

    /// Migration 0006's second half: a row for every author key already stored, by each author's first quote.
    static func backfill(_ connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query("""
            SELECT author_key, author, created_at FROM (
                SELECT DISTINCT ON (author_key) author_key, author, created_at, id FROM quote
                WHERE author_key IS NOT NULL ORDER BY author_key, id
            ) AS firsts ORDER BY id
            """, logger: logger)
        var firsts: [(key: String, name: String, createdAt: String)] = []
        for try await (key, name, createdAt) in rows.decode((String, String, String).self) { firsts.append((key, name, createdAt)) }
        let slugs = AuthorSlug.assign(firsts.map(\.name), taken: [])
        for start in stride(from: 0, to: firsts.count, by: 5000) {
            let batch = start..<min(start + 5000, firsts.count)
            try await connection.run("""
                INSERT INTO author (key, name, slug, created_at, updated_at)
                SELECT v.key, v.name, v.slug, v.created_at, v.created_at
                FROM unnest(\(firsts[batch].map(\.key))::text[], \(firsts[batch].map(\.name))::text[], \(Array(slugs[batch]))::text[],
                            \(firsts[batch].map(\.createdAt))::text[]) AS v(key, name, slug, created_at)
                """, logger: logger)
        }
    }

    static let columns = "id, key, name, slug, bio, description, link, created_at, updated_at, revision, external_id"

    static func author(_ row: PostgresRow) throws -> Author {
        let (id, key, name, slug, bio, description, link, createdAt, updatedAt, revision, externalID) =
            try row.decode((Int64, String, String, String, String, String, String, String, String, Int64, String?).self)
        return Author(
            id: id, key: key, name: name, slug: slug,
            profile: AuthorProfile(uncheckedBio: bio, description: description, link: link),
            createdAt: createdAt, updatedAt: updatedAt, revision: revision, externalID: externalID
        )
    }
}
