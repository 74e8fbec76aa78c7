import PostgresNIO
import QuotegenCore
import QuotegenRuntime

extension PostgresQuoteStore {
    /// One statement, committed on its own: stored only if no live quote has the text (the unique index settles
    /// two that race), with its history entry, so that a POST costs one round trip.
    public func create(_ content: QuoteContent, by actor: String) async throws -> Quote {
        let stamp = Timestamp.string(from: now())
        let inserted = try await writing(text: content.text, inTransaction: false) { [logger] connection in
            // The author's row first (committed on its own): a quote that then turns out a duplicate leaves an
            // author without quotes, which is allowed; a quote without its author's row is not.
            let slug = try await PostgresAuthorRows.slug(of: content.author, at: stamp, connection, logger: logger)
            let rows = try await connection.query("""
                WITH created AS (
                    INSERT INTO quote (text, author, author_key, tags, source, created_at, updated_at)
                    SELECT \(content.text), \(content.author), \(content.author?.searchKey), \(content.tags), 'api', \(stamp), \(stamp)
                    WHERE NOT EXISTS (SELECT 1 FROM quote WHERE md5(text) = md5(\(content.text)) AND text = \(content.text) AND deleted_at IS NULL)
                    RETURNING \(unescaped: Self.revisionSource)
                ), recorded AS (
                    \(unescaped: Self.recordSQL) \(RevisionAction.create.rawValue), \(actor), \(stamp) FROM created
                )
                SELECT id FROM created
                """, logger: logger)
            for try await id in rows.decode(Int64.self) { return (id, slug) }
            return (try await Self.liveID(connection, text: content.text, logger: logger).map { -$0 } ?? 0, slug)
        }
        // A negative id is the live quote that already has this text.
        guard inserted.0 > 0 else { throw QuoteStoreError.duplicate(existingID: -inserted.0) }
        let created = Quote(
            id: inserted.0, text: content.text, author: content.author, tags: content.tags, source: .api,
            createdAt: stamp, updatedAt: stamp, revision: 1, authorSlug: inserted.1
        )
        didCommit([(created.id, QuoteSummary(created))])
        return created
    }

    public func update(id: Int64, by actor: String, _ change: @escaping @Sendable (Quote) throws -> QuoteContent) async throws -> Quote {
        let stamp = Timestamp.string(from: now())
        let updated = try await writing(text: nil) { connection in
            guard let current = try await Self.lockLive(connection, id: id, logger: logger) else { throw QuoteStoreError.notFound(id: id) }
            let content = try change(current)
            guard content != current.content else { return current }
            if let existing = try await Self.liveID(connection, text: content.text, logger: logger), existing != id {
                throw QuoteStoreError.duplicate(existingID: existing)
            }
            let slug = try await PostgresAuthorRows.slug(of: content.author, at: stamp, connection, logger: logger)
            try await connection.query("""
                WITH changed AS (
                    UPDATE quote SET text = \(content.text), author = \(content.author), author_key = \(content.author?.searchKey),
                        tags = \(content.tags), updated_at = \(stamp), revision = revision + 1
                    WHERE id = \(id) RETURNING \(unescaped: Self.revisionSource)
                )
                \(unescaped: Self.recordSQL) \(RevisionAction.update.rawValue), \(actor), \(stamp) FROM changed
                """, logger: logger)
            return current.edited(to: content, at: stamp, authorSlug: slug)
        }
        didCommit([(id, QuoteSummary(updated))])
        return updated
    }

    public func delete(id: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void) async throws {
        let stamp = Timestamp.string(from: now())
        try await writing(text: nil) { connection in
            guard let current = try await Self.lockLive(connection, id: id, logger: logger) else { throw QuoteStoreError.notFound(id: id) }
            try check(current)
            // The row stays as a tombstone: seeding must never bring this text back.
            try await connection.query("""
                WITH changed AS (
                    UPDATE quote SET deleted_at = \(stamp), updated_at = \(stamp), revision = revision + 1
                    WHERE id = \(id) RETURNING \(unescaped: Self.revisionSource)
                )
                \(unescaped: Self.recordSQL) \(RevisionAction.delete.rawValue), \(actor), \(stamp) FROM changed
                """, logger: logger)
        }
        didCommit([(id, nil)])
    }

    /// One API write in its own transaction. Two writers storing the same text at once both pass the duplicate
    /// check; the unique index refuses the second, which is answered as the duplicate it is. A failure of the
    /// database itself (not a refusal) is counted for `/metrics`.
    func writing<T: Sendable>(
        text: String?, inTransaction: Bool = true, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return inTransaction ? try await database.transaction("BEGIN", body) : try await database.withConnection(body)
        } catch let error as PostgresStatementError {
            if error.sqlState == "23505", let text,
               let existing = try await database.withConnection({ [logger] in try await Self.liveID($0, text: text, logger: logger) }) {
                throw QuoteStoreError.duplicate(existingID: existing)
            }
            metrics?.databaseWriteErrors.increment()
            throw error
        } catch let error as StoreUnavailable {
            metrics?.databaseWriteErrors.increment()
            throw error
        }
    }

    static func liveID(_ connection: PostgresConnection, text: String, logger: Logger) async throws -> Int64? {
        let rows = try await connection.query(
            "SELECT id FROM quote WHERE md5(text) = md5(\(text)) AND text = \(text) AND deleted_at IS NULL", logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    /// The live quote `id`, locked until the transaction ends, so that a concurrent write to it waits.
    static func lockLive(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> Quote? {
        let rows = try await connection.query(
            "SELECT \(unescaped: PostgresQuoteRow.columns) FROM quote q WHERE q.id = \(id) AND q.deleted_at IS NULL FOR UPDATE",
            logger: logger
        )
        for try await row in rows { return try PostgresQuoteRow.quote(row) }
        return nil
    }
}
