import Foundation
import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    /// Each batch is one transaction of one set-based insert. Replicas seeding the same file at once each store a
    /// text only if no committed row has it, and the unique text index settles the race between two that try
    /// together (`ON CONFLICT DO NOTHING`): every line is stored once.
    public func addQuotes(
        _ contents: [QuoteContent], source: QuoteSource, revive: Bool, batchSize: Int,
        progress: @Sendable (Int) -> Void
    ) async throws -> BulkAddReport {
        try await BulkAddReport.adding(contents, batchSize: batchSize, progress: progress) { batch in
            let stamp = Timestamp.string(from: now())
            let summarize = index.isTracking
            let (added, changes, _) = try await retryingConflicts {
                try await database.transaction(timeLimit: false) { [logger] connection in
                    try await Self.add(batch, source: source, revive: revive, stamp: stamp, summarize: summarize, connection, logger)
                }
            }
            didCommit(changes)
            return added
        }
    }

    /// The authors in one transaction first, then the quotes in `addQuotes`' batches, each keeping what it keeps of
    /// the other system in the same transaction (see the SQLite engine's `addImported`: the same rule).
    public func addImported(
        _ quotes: [ImportedQuote], authors: [ImportedAuthor], batchSize: Int, progress: @Sendable (Int) -> Void
    ) async throws -> BulkAddReport {
        let stamp = Timestamp.string(from: now())
        try await database.transaction(timeLimit: false) { [logger] connection in
            for author in ImportedQuote.authors(of: quotes, besides: authors) {
                try await PostgresAuthorRows.importAuthor(author, at: stamp, connection, logger: logger)
            }
        }
        let imported = Dictionary(quotes.map { ($0.content.text, $0) }, uniquingKeysWith: { first, _ in first })
        return try await BulkAddReport.adding(quotes.map(\.content), batchSize: batchSize, progress: progress) { batch in
            let stamp = Timestamp.string(from: now())
            let summarize = index.isTracking
            let (added, changes) = try await retryingConflicts {
                try await database.transaction(timeLimit: false) { [logger] connection in
                    let known = try await connection.query(
                        "SELECT external_id FROM quote WHERE external_id = ANY(\(batch.map { imported[$0.text]!.externalID })::text[])", logger: logger
                    )
                    var stored = Set<String>()
                    for try await id in known.decode(String.self) { stored.insert(id) }
                    let fresh = batch.filter { !stored.contains(imported[$0.text]!.externalID) }
                    var (report, changes, ids) = try await Self.add(fresh, source: .api, revive: false, stamp: stamp, summarize: summarize, connection, logger)
                    report.alreadyStored += batch.count - fresh.count
                    let kept = fresh.compactMap { content in ids[content.text].map { ($0, imported[content.text]!) } }
                    if !kept.isEmpty {
                        try await connection.run("""
                            UPDATE quote SET external_id = v.external_id, created_at = v.created_at, updated_at = v.updated_at
                            FROM unnest(\(kept.map(\.0))::int8[], \(kept.map(\.1.externalID))::text[],
                                        \(kept.map { $0.1.createdAt ?? stamp })::text[], \(kept.map { $0.1.updatedAt ?? $0.1.createdAt ?? stamp })::text[])
                                AS v(id, external_id, created_at, updated_at)
                            WHERE quote.id = v.id
                            """, logger: logger)
                    }
                    return (report, changes)
                }
            }
            didCommit(changes)
            return added
        }
    }

    /// Replicas seeding one file at once insert the same texts in the same batches, and PostgreSQL may end two of
    /// those transactions as deadlocked (40P01) or as a serialization failure (40001). A batch is safe to run again
    /// (it skips what is stored), so it is, a few times.
    private func retryingConflicts<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error as PostgresStatementError where ["40P01", "40001"].contains(error.sqlState) && attempt < 5 {
                logger.info("bulk add batch retried", metadata: ["sqlstate": "\(error.sqlState)", "attempt": "\(attempt)"])
                try await Task.sleep(for: .milliseconds(20 * attempt))
                attempt += 1
            }
        }
    }

    private static func add(
        _ batch: [QuoteContent], source: QuoteSource, revive: Bool, stamp: String, summarize: Bool,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> (BulkAddReport, [(id: Int64, quote: QuoteSummary?)], inserted: [String: Int64]) {
        var report = BulkAddReport()
        var changes: [(id: Int64, quote: QuoteSummary?)] = []
        // The batch travels as four flat arrays: no author as '' (a stored author is never empty), tags joined by
        // spaces (a tag never holds one). `OFFSET 0` keeps the probe a lookup in the text index for each line:
        // without it PostgreSQL plans a batch of thousands as a hash anti-join, which reads and hashes every stored
        // row, once per batch, so that a seed grew with the square of the store's size.
        let actor = RevisionActor.bulkAdd(source)
        _ = try await PostgresAuthorRows.slugs(of: batch.lazy.compactMap(\.author), at: stamp, connection, logger: logger)
        let inserted = try await connection.query("""
            WITH created AS (
                INSERT INTO quote (text, author, author_key, tags, source, created_at, updated_at)
                SELECT v.text, NULLIF(v.author, ''), CASE WHEN v.author <> '' THEN v.author_key END, string_to_array(v.tags, ' '),
                    \(source.rawValue), \(stamp), \(stamp)
                FROM unnest(\(batch.map(\.text))::text[], \(batch.map { $0.author ?? "" })::text[], \(batch.map { $0.author?.searchKey ?? "" })::text[],
                            \(batch.map { $0.tags.joined(separator: " ") })::text[]) AS v(text, author, author_key, tags)
                WHERE NOT EXISTS (SELECT 1 FROM quote q WHERE md5(q.text) = md5(v.text) AND q.text = v.text OFFSET 0)
                ON CONFLICT DO NOTHING
                RETURNING \(unescaped: revisionSource)
            ), recorded AS (
                \(unescaped: recordSQL) \(RevisionAction.create.rawValue), \(actor), \(stamp) FROM created
            )
            SELECT id, text FROM created
            """, logger: logger)
        var ids: [String: Int64] = [:]
        for try await (id, text) in inserted.decode((Int64, String).self) { ids[text] = id }
        report.added = ids.count
        for content in batch {
            if let id = ids[content.text] {
                if summarize { changes.append((id, QuoteSummary(id: id, content, revision: 1))) }
            } else if revive, let revived = try await reviveDeleted(content, stamp: stamp, actor: actor, connection, logger) {
                report.revived += 1
                if summarize { changes.append((revived.id, QuoteSummary(id: revived.id, content, revision: revived.revision))) }
            } else {
                report.alreadyStored += 1
            }
        }
        return (report, changes, ids)
    }

    /// With `--revive`: brings back the most recent deleted quote with this text, unless a live one has it;
    /// returns its id and new revision.
    private static func reviveDeleted(
        _ content: QuoteContent, stamp: String, actor: String, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> (id: Int64, revision: Int64)? {
        let rows = try await connection.query("""
            WITH changed AS (
                UPDATE quote SET deleted_at = NULL, author = \(content.author), author_key = \(content.author?.searchKey),
                    tags = \(content.tags), updated_at = \(stamp), revision = revision + 1
                WHERE id = (SELECT id FROM quote WHERE md5(text) = md5(\(content.text)) AND text = \(content.text)
                            ORDER BY deleted_at IS NULL DESC, id DESC LIMIT 1)
                  AND deleted_at IS NOT NULL
                RETURNING \(unescaped: revisionSource)
            ), recorded AS (
                \(unescaped: recordSQL) \(RevisionAction.revive.rawValue), \(actor), \(stamp) FROM changed
            )
            SELECT id, revision FROM changed
            """, logger: logger)
        for try await (id, revision) in rows.decode((Int64, Int64).self) { return (id, revision) }
        return nil
    }
}
