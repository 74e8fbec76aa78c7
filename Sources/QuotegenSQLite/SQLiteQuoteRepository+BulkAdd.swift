import Foundation
import GRDB
import QuotegenCore
import QuotegenRuntime

extension SQLiteQuoteRepository {
    /// Each batch is one short write transaction, so readers and API writes are not held up.
    public func addQuotes(
        _ contents: [QuoteContent], source: QuoteSource, revive: Bool, batchSize: Int,
        progress: @Sendable (Int) -> Void
    ) async throws -> BulkAddReport {
        try await BulkAddReport.adding(contents, batchSize: batchSize, progress: progress) { batch in
            let stamp = Timestamp.string(from: now())
            let summarize = index.isTracking
            let (added, changes, _) = try await pool.write { db in
                try Self.add(batch, source: source, revive: revive, stamp: stamp, summarize: summarize, db)
            }
            didCommit(changes)
            return added
        }
    }

    /// The authors in one transaction first (they are thousands at most), then the quotes in `addQuotes`' batches,
    /// each batch with what it keeps of the other system in the same transaction: the quotes whose external id
    /// is stored already are left out, and each new one gets its external id and dates.
    public func addImported(
        _ quotes: [ImportedQuote], authors: [ImportedAuthor], batchSize: Int, progress: @Sendable (Int) -> Void
    ) async throws -> BulkAddReport {
        let stamp = Timestamp.string(from: now())
        try await pool.write { db in
            for author in ImportedQuote.authors(of: quotes, besides: authors) { try AuthorRows.importAuthor(author, at: stamp, db) }
        }
        let imported = Dictionary(quotes.map { ($0.content.text, $0) }, uniquingKeysWith: { first, _ in first })
        return try await BulkAddReport.adding(quotes.map(\.content), batchSize: batchSize, progress: progress) { batch in
            let stamp = Timestamp.string(from: now())
            let summarize = index.isTracking
            let (added, changes) = try await pool.write { db in
                let known = Set(try String.fetchAll(db, sql: """
                    SELECT external_id FROM quote WHERE external_id IN (SELECT value FROM json_each(?))
                    """, arguments: [Self.jsonArray(batch.map { imported[$0.text]!.externalID })]))
                let fresh = batch.filter { !known.contains(imported[$0.text]!.externalID) }
                var (report, changes, ids) = try Self.add(fresh, source: .api, revive: false, stamp: stamp, summarize: summarize, db)
                report.alreadyStored += batch.count - fresh.count
                let keep = try db.cachedStatement(sql: "UPDATE quote SET external_id = ?, created_at = ?, updated_at = ? WHERE id = ?")
                let tags = try db.cachedStatement(sql: "UPDATE quote_tag SET created_at = ? WHERE quote_id = ?")
                for (content, id) in zip(fresh, ids) {
                    guard let id, let quote = imported[content.text] else { continue }
                    let created = quote.createdAt ?? stamp
                    try keep.execute(arguments: [quote.externalID, created, quote.updatedAt ?? created, id])
                    try tags.execute(arguments: [created, id])
                }
                return (report, changes)
            }
            didCommit(changes)
            return added
        }
    }

    private static func jsonArray(_ strings: [String]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: strings), as: UTF8.self)
    }

    /// Rows per multi-row statement: few statements per batch, far below SQLite's limit of bound values.
    private static let rowsPerStatement = 200

    /// One batch of distinct texts, set-based: multi-row inserts of the texts never stored, then the tags of
    /// those that went in, found by the change numbers this transaction gave them. With `summarize`, also what
    /// the index must learn of the quotes added and revived.
    private static func add(
        _ batch: [QuoteContent], source: QuoteSource, revive: Bool, stamp: String, summarize: Bool, _ db: Database
    ) throws -> (BulkAddReport, [(id: Int64, quote: QuoteSummary?)], inserted: [Int64?]) {
        var report = BulkAddReport()
        var changes: [(id: Int64, quote: QuoteSummary?)] = []
        // This transaction is the only writer, so numbering on from the current maximum is safe; it spares
        // the insert trigger's second write per row (migration 0004). Row k of the batch gets base + k + 1
        // if it is inserted; skipped rows leave gaps, which the index refresher does not mind.
        let base = try Int64.fetchOne(db, sql: "SELECT max(change_seq) FROM quote") ?? 0
        try AuthorRows.slugs(of: batch, at: stamp, db)
        for chunkStart in stride(from: 0, to: batch.count, by: rowsPerStatement) {
            let chunk = chunkStart..<min(chunkStart + rowsPerStatement, batch.count)
            let insert = BulkStatement(try db.cachedStatement(sql: """
                INSERT INTO quote (text, author, author_key, source, created_at, updated_at, change_seq)
                SELECT v.column1, v.column2, v.column3, ?, ?, ?, v.column4
                FROM (VALUES \(Array(repeating: "(?, ?, ?, ?)", count: chunk.count).joined(separator: ", "))) AS v
                WHERE NOT EXISTS (SELECT 1 FROM quote q WHERE q.text = v.column1)
                """))
            var values: [BulkValue] = [.text(source.rawValue), .text(stamp), .text(stamp)]
            values.reserveCapacity(3 + chunk.count * 4)
            for index in chunk {
                let author = batch[index].author
                values += [.text(batch[index].text), .text(author), .text(author?.searchKey), .integer(base + Int64(index) + 1)]
            }
            try insert.run(db, values)
        }
        // The new texts into the search index in one statement: the insert trigger leaves rows that arrive
        // numbered to this (migration 0010).
        try db.execute(sql: "INSERT INTO quote_search (rowid, text) SELECT id, text FROM quote WHERE change_seq > ?", arguments: [base])
        let inserted = try Row.fetchAll(db, sql: "SELECT change_seq, id FROM quote WHERE change_seq > ?", arguments: [base])
        var ids = [Int64?](repeating: nil, count: batch.count)
        for row in inserted {
            let seq: Int64 = row["change_seq"]
            ids[Int(seq - base - 1)] = row["id"]
        }
        report.added = inserted.count
        try insertTags(of: batch, ids: ids, createdAt: stamp, db)
        try recordCreated(
            db, numberedAbove: base, anyTags: batch.contains { !$0.tags.isEmpty }, actor: RevisionActor.bulkAdd(source), at: stamp
        )

        for (index, content) in batch.enumerated() {
            if let id = ids[index] {
                if summarize { changes.append((id, QuoteSummary(id: id, content, revision: 1))) }
            } else if revive, let revived = try reviveDeleted(content, stamp: stamp, actor: RevisionActor.bulkAdd(source), db) {
                report.revived += 1
                if summarize { changes.append((revived.id, QuoteSummary(id: revived.id, content, revision: revived.revision))) }
            } else {
                report.alreadyStored += 1
            }
        }
        return (report, changes, ids)
    }

    /// The tags of the quotes just inserted (`ids[k]` is batch row k's new id, nil if it was skipped),
    /// several rows per statement, with their quotes' `created_at` (the batch's stamp) given, which spares the
    /// trigger of migration 0009 an UPDATE per row.
    private static func insertTags(of batch: [QuoteContent], ids: [Int64?], createdAt: String, _ db: Database) throws {
        var rows: [(id: Int64, tag: String, position: Int)] = []
        for (index, content) in batch.enumerated() {
            guard let id = ids[index] else { continue }
            for (position, tag) in content.tags.enumerated() { rows.append((id, tag, position)) }
        }
        for chunkStart in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            let chunk = rows[chunkStart..<min(chunkStart + rowsPerStatement, rows.count)]
            let insert = BulkStatement(try db.cachedStatement(sql: """
                INSERT INTO quote_tag (quote_id, tag, position, created_at)
                VALUES \(Array(repeating: "(?, ?, ?, ?)", count: chunk.count).joined(separator: ", "))
                """))
            try insert.run(db, chunk.flatMap { [BulkValue.integer($0.id), .text($0.tag), .integer(Int64($0.position)), .text(createdAt)] })
        }
    }

    /// With `--revive`: brings back the most recent deleted quote with this text, unless a live one has it;
    /// returns its id and new revision.
    private static func reviveDeleted(_ content: QuoteContent, stamp: String, actor: String, _ db: Database) throws -> (id: Int64, revision: Int64)? {
        let newest = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT id, deleted_at IS NULL AS live FROM quote WHERE text = ?
                ORDER BY deleted_at IS NULL DESC, id DESC LIMIT 1
                """),
            arguments: [content.text]
        )
        guard let newest, !(newest["live"] as Bool) else { return nil }
        let id: Int64 = newest["id"]
        let revision = try Int64.fetchOne(
            db.cachedStatement(sql: """
                UPDATE quote SET deleted_at = NULL, author = ?, author_key = ?, updated_at = ?, revision = revision + 1
                WHERE id = ? RETURNING revision
                """),
            arguments: [content.author, content.author?.searchKey, stamp, id]
        ) ?? 0
        try replaceTags(db, quoteID: id, with: content.tags)
        try recordRevision(db, quoteID: id, action: .revive, actor: actor, at: stamp)
        return (id, revision)
    }
}
