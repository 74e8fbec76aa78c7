import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    // MARK: Writing history

    /// The entry for the change just made to quote `quoteID`, copied from its row as it now stands, inside the
    /// change's own transaction: history holds exactly what was committed.
    static func recordRevision(_ db: Database, quoteID: Int64, action: RevisionAction, actor: String, at: String) throws {
        try db.cachedStatement(sql: "\(recordSQL) WHERE q.id = ?")
            .execute(arguments: [action.rawValue, actor, at, quoteID])
    }

    /// The entries of every quote a bulk insert just numbered above `changeNumber`, in one statement. `anyTags`:
    /// whether any of them has tags; a seed file's lines have none, and skipping the per-row look into `quote_tag`
    /// is a third of the statement's cost (BENCHMARKS.md, session 10).
    static func recordCreated(_ db: Database, numberedAbove changeNumber: Int64, anyTags: Bool, actor: String, at: String) throws {
        try db.cachedStatement(sql: "\(anyTags ? recordSQL : recordWithoutTagsSQL) WHERE q.change_seq > ? ORDER BY q.change_seq")
            .execute(arguments: [RevisionAction.create.rawValue, actor, at, changeNumber])
    }

    private static func recordSQL(tags: String) -> String {
        """
        INSERT INTO quote_revision (quote_id, revision, action, actor, at, text, author, tags, deleted)
        SELECT q.id, q.revision, ?, ?, ?, q.text, q.author, \(tags), q.deleted_at IS NOT NULL FROM quote q
        """
    }

    private static let recordSQL = recordSQL(tags: QuoteRow.tagsColumn)
    private static let recordWithoutTagsSQL = recordSQL(tags: "NULL")

    // MARK: Reading history

    public func history(of id: Int64, before revision: Int64?, limit: Int) async throws -> [QuoteRevision]? {
        try await pool.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM quote WHERE id = ?)", arguments: [id]) == true else { return nil }
            return try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.revisionSelect) WHERE quote_id = ? AND revision < ? ORDER BY revision DESC LIMIT ?"),
                arguments: [id, revision ?? Int64.max, limit]
            ).map(Self.revision)
        }
    }

    /// SQLite has one writer at a time, so entries commit in the order of their numbers: no gap to wait for.
    public func revisions(after change: Int64, limit: Int) async throws -> [QuoteRevision] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "\(Self.revisionSelect) WHERE change > ? ORDER BY change LIMIT ?"),
                arguments: [change, limit]
            ).map(Self.revision)
        }
    }

    private static let revisionSelect =
        "SELECT change, quote_id, revision, action, actor, at, text, author, tags, deleted FROM quote_revision"

    private static func revision(_ row: Row) -> QuoteRevision {
        QuoteRevision(
            change: row["change"], quoteID: row["quote_id"], revision: row["revision"],
            action: RevisionAction(rawValue: row["action"]) ?? .update, actor: row["actor"], at: row["at"],
            text: row["text"], author: row["author"], tags: QuoteRow.tags(row["tags"]), deleted: row["deleted"]
        )
    }

    // MARK: Restoring

    public func restore(
        id: Int64, revision: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void
    ) async throws -> Quote {
        let stamp = Timestamp.string(from: now())
        let restored = try await committingWrite { db in
            // Live or deleted: a deleted quote is restored too.
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(QuoteRow.columns), q.deleted_at FROM quote q WHERE q.id = ?"), arguments: [id]
            ) else { throw QuoteStoreError.notFound(id: id) }
            let current = try QuoteRow.quote(row)
            let deleted = row["deleted_at"] as String? != nil
            try check(current)
            guard let target = try Row.fetchOne(
                db.cachedStatement(sql: "\(Self.revisionSelect) WHERE quote_id = ? AND revision = ?"), arguments: [id, revision]
            ).map(Self.revision) else {
                throw QuoteStoreError.unknownRevision(id: id, revision: revision, latest: current.revision)
            }
            let content = target.content
            if !deleted && content == current.content { return current }
            if let existing = try Self.liveID(db, text: content.text), existing != id {
                throw QuoteStoreError.duplicate(existingID: existing)
            }
            let slug = try content.author.map { try AuthorRows.slug(of: $0, at: stamp, db) }
            try db.cachedStatement(sql: """
                UPDATE quote SET text = ?, author = ?, author_key = ?, deleted_at = NULL, updated_at = ?, revision = revision + 1
                WHERE id = ?
                """).execute(arguments: [content.text, content.author, content.author?.searchKey, stamp, id])
            try Self.replaceTags(db, quoteID: id, with: content.tags)
            try Self.recordRevision(db, quoteID: id, action: .restore, actor: actor, at: stamp)
            return current.edited(to: content, at: stamp, authorSlug: slug)
        }
        didCommit([(id, QuoteSummary(restored))])
        return restored
    }
}
