import GRDB
import GRDBSQLite
import QuotegenCore

/// The one owner, on SQLite, of the rule that every author key a quote carries has its `author` row
/// (migration 0015): each write path calls `slug(of:at:_:)` in its transaction, before it writes the quote.
enum AuthorRows {
    /// The slug of the author named `name`, adding the author (with a slug no other author has) if the store has
    /// none with its key. `name` must be a validated author (`QuoteContent`).
    /// `wanted` (an imported author's slug) is taken when it is a slug and free.
    static func slug(of name: String, wanted: String? = nil, at stamp: String, _ db: Database) throws -> String {
        let key = name.searchKey
        if let slug = try String.fetchOne(db.cachedStatement(sql: "SELECT slug FROM author WHERE key = ?"), arguments: [key]) {
            return slug
        }
        let base = AuthorSlug.base(for: name)
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO author (key, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            """)
        if let wanted, AuthorSlug.isWellFormed(wanted) {
            try insert.execute(arguments: [key, name, wanted, stamp, stamp])
            if db.changesCount > 0 { return wanted }
        }
        var attempt = 0
        while true {
            let slug = AuthorSlug.candidate(base, attempt: attempt)
            // The key is known absent and this transaction is the only writer: a conflict is the slug's.
            try insert.execute(arguments: [key, name, slug, stamp, stamp])
            if db.changesCount > 0 { return slug }
            if attempt == 0 {
                // Skip the numbers given already: many names can fold to one base ("author" for names without
                // Latin letters), and trying them one by one would make each new one cost them all.
                attempt = try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT count(*) FROM author WHERE slug GLOB ? || '-[0-9]*'"), arguments: [base]
                ) ?? 0
            }
            attempt += 1
        }
    }

    /// The slugs of the authors of `contents` (each distinct spelling folded once), adding the ones missing.
    @discardableResult
    static func slugs(of contents: some Sequence<QuoteContent>, at stamp: String, _ db: Database) throws -> [String: String] {
        var slugs: [String: String] = [:]
        for content in contents {
            guard let author = content.author, slugs[author] == nil else { continue }
            slugs[author] = try slug(of: author, at: stamp, db)
        }
        return slugs
    }

    /// An author from another system: made (its slug if free, its dates) when the store has none of its name; then
    /// given its external id if it has none and no other author has that one, and each profile field it lacks. A
    /// change to an author that was already here is a new revision, as an admin's edit is.
    static func importAuthor(_ author: ImportedAuthor, at stamp: String, _ db: Database) throws {
        let key = author.name.searchKey
        let byKey = try db.cachedStatement(sql: "SELECT \(columns) FROM author WHERE key = ?")
        let before = try Row.fetchOne(byKey, arguments: [key]).map(Self.author)
        if before == nil { _ = try slug(of: author.name, wanted: author.slug, at: author.createdAt ?? stamp, db) }
        guard let current = try before ?? Row.fetchOne(byKey, arguments: [key]).map(Self.author) else { return }
        var externalID = current.externalID
        if externalID == nil, let wanted = author.externalID,
           try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM author WHERE external_id = ?)"), arguments: [wanted]) == false {
            externalID = wanted
        }
        let profile = current.profile.filled(from: author.profile)
        let isNew = before == nil
        guard isNew || externalID != current.externalID || profile != current.profile else { return }
        try db.cachedStatement(sql: """
            UPDATE author SET external_id = ?, bio = ?, description = ?, link = ?, updated_at = ?, revision = revision + ? WHERE id = ?
            """).execute(arguments: [
                externalID, profile.bio, profile.description, profile.link,
                isNew ? author.updatedAt ?? current.updatedAt : stamp, isNew ? 0 : 1, current.id,
            ])
    }

    /// Migration 0015's second half: a row for every author key already stored, by each author's first quote.
    static func backfill(_ db: Database) throws {
        // SQLite takes a bare column (author, created_at) from the row that min(id) picked.
        let firsts = try Row.fetchAll(db, sql: """
            SELECT author_key, author, created_at, min(id) AS first FROM quote WHERE author_key IS NOT NULL
            GROUP BY author_key ORDER BY first
            """)
        // Numbered in one pass, as PostgreSQL's backfill numbers them (`AuthorSlug.assign`).
        let slugs = AuthorSlug.assign(firsts.map { $0["author"] }, taken: [])
        let insert = try db.makeStatement(sql: "INSERT INTO author (key, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
        for (row, slug) in zip(firsts, slugs) {
            let createdAt: String = row["created_at"]
            try insert.execute(arguments: [row["author_key"], row["author"], slug, createdAt, createdAt])
        }
    }

    /// The columns every author read selects, in this order (the point read decodes them by position).
    static let columns = "id, key, name, slug, bio, description, link, created_at, updated_at, revision, external_id"

    static let bySlugSQL = "SELECT \(columns) FROM author WHERE slug = ?"

    /// An author from the current row of a C statement of `columns`, by position.
    static func author(_ statement: OpaquePointer) -> Author {
        func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(statement, column) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
        }
        return Author(
            id: sqlite3_column_int64(statement, 0), key: text(1), name: text(2), slug: text(3),
            profile: AuthorProfile(uncheckedBio: text(4), description: text(5), link: text(6)),
            createdAt: text(7), updatedAt: text(8), revision: sqlite3_column_int64(statement, 9),
            externalID: sqlite3_column_type(statement, 10) == SQLITE_NULL ? nil : text(10)
        )
    }

    static func author(_ row: Row) -> Author {
        Author(
            id: row["id"], key: row["key"], name: row["name"], slug: row["slug"],
            profile: AuthorProfile(uncheckedBio: row["bio"], description: row["description"], link: row["link"]),
            createdAt: row["created_at"], updatedAt: row["updated_at"], revision: row["revision"], externalID: row["external_id"]
        )
    }
}
