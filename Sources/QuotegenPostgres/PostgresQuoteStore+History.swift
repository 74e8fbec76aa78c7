import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    // MARK: Writing history

    /// What a history entry copies from a row a statement just changed (its `RETURNING` list): the entry is the
    /// row as committed, written by the same statement, so no change is ever without its entry.
    static let revisionSource = "id, change_seq, revision, text, author, tags, deleted_at"

    /// The insert of history entries from rows of `revisionSource`, up to the values still to give, in this
    /// order: action, actor, time, then `FROM` the changed rows.
    static let recordSQL = """
        INSERT INTO quote_revision (change, quote_id, revision, text, author, tags, deleted, action, actor, at)
        SELECT change_seq, id, revision, text, author, tags, deleted_at IS NOT NULL,
        """

    // MARK: Reading history

    public func history(of id: Int64, before revision: Int64?, limit: Int) async throws -> [QuoteRevision]? {
        try await database.withConnection { [logger] connection in
            let exists = try await connection.query("SELECT EXISTS (SELECT 1 FROM quote WHERE id = \(id))", logger: logger)
            for try await found in exists.decode(Bool.self) where !found { return nil }
            let rows = try await connection.query("""
                SELECT \(unescaped: Self.revisionColumns) FROM quote_revision
                WHERE quote_id = \(id) AND revision < \(revision ?? Int64.max) ORDER BY revision DESC LIMIT \(limit)
                """, logger: logger)
            var revisions: [QuoteRevision] = []
            for try await row in rows { revisions.append(try Self.revision(row)) }
            return revisions
        }
    }

    /// Entries are numbered by the change feed's sequence, so they may commit out of order: the change feed's rule
    /// (`committed`), with its own wait at a gap.
    public func revisions(after change: Int64, limit: Int) async throws -> [QuoteRevision] {
        try await committed(after: change, gaps: auditGaps, number: \.change) {
            try await revisionRows(after: change, limit: limit)
        }
    }

    private func revisionRows(after change: Int64, limit: Int) async throws -> [QuoteRevision] {
        try await database.query(
            "SELECT \(unescaped: Self.revisionColumns) FROM quote_revision WHERE change > \(change) ORDER BY change LIMIT \(limit)"
        ).map(Self.revision)
    }

    private static let revisionColumns = "change, quote_id, revision, action, actor, at, text, author, tags, deleted"

    private static func revision(_ row: PostgresRow) throws -> QuoteRevision {
        let (change, quoteID, revision, action, actor, at, text, author, tags, deleted) =
            try row.decode((Int64, Int64, Int64, String, String, String, String, String?, [String], Bool).self)
        return QuoteRevision(
            change: change, quoteID: quoteID, revision: revision, action: RevisionAction(rawValue: action) ?? .update,
            actor: actor, at: at, text: text, author: author, tags: tags, deleted: deleted
        )
    }

    // MARK: Restoring

    public func restore(
        id: Int64, revision: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void
    ) async throws -> Quote {
        let stamp = Timestamp.string(from: now())
        let restored = try await writing(text: nil) { [logger] connection in
            let locked = try await connection.query(
                "SELECT \(unescaped: PostgresQuoteRow.columns), q.deleted_at FROM quote q WHERE q.id = \(id) FOR UPDATE", logger: logger
            )
            var found: StoredQuote?
            for try await row in locked { found = try PostgresQuoteRow.stored(row) }
            guard let found else { throw QuoteStoreError.notFound(id: id) }
            let current = found.quote
            try check(current)
            let targets = try await connection.query(
                "SELECT \(unescaped: Self.revisionColumns) FROM quote_revision WHERE quote_id = \(id) AND revision = \(revision)",
                logger: logger
            )
            var target: QuoteRevision?
            for try await row in targets { target = try Self.revision(row) }
            guard let content = target?.content else {
                throw QuoteStoreError.unknownRevision(id: id, revision: revision, latest: current.revision)
            }
            if found.deletedAt == nil && content == current.content { return current }
            if let existing = try await Self.liveID(connection, text: content.text, logger: logger), existing != id {
                throw QuoteStoreError.duplicate(existingID: existing)
            }
            let slug = try await PostgresAuthorRows.slug(of: content.author, at: stamp, connection, logger: logger)
            try await connection.query("""
                WITH changed AS (
                    UPDATE quote SET text = \(content.text), author = \(content.author), author_key = \(content.author?.searchKey),
                        tags = \(content.tags), deleted_at = NULL, updated_at = \(stamp), revision = revision + 1
                    WHERE id = \(id) RETURNING \(unescaped: Self.revisionSource)
                )
                \(unescaped: Self.recordSQL) \(RevisionAction.restore.rawValue), \(actor), \(stamp) FROM changed
                """, logger: logger)
            return current.edited(to: content, at: stamp, authorSlug: slug)
        }
        didCommit([(id, QuoteSummary(restored))])
        return restored
    }
}
