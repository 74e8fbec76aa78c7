import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    public func storedQuotes(after afterID: Int64, limit: Int) async throws -> [StoredQuote] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(QuoteRow.columns), q.deleted_at FROM quote q WHERE q.id > ? ORDER BY q.id LIMIT ?",
                arguments: [afterID, limit]
            ).map { row in StoredQuote(quote: try QuoteRow.quote(row), deletedAt: row["deleted_at"]) }
        }
    }

    public func storedQuoteCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM quote") ?? 0 }
    }

    /// Row by row with their ids: the triggers number each change and index live texts for search, as for any
    /// other writer; AUTOINCREMENT then continues above the highest id.
    public func insertStored(_ quotes: [StoredQuote]) async throws {
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO quote (id, text, author, author_key, source, created_at, updated_at, deleted_at, revision, external_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for stored in quotes {
                let quote = stored.quote
                _ = try quote.author.map { try AuthorRows.slug(of: $0, at: quote.createdAt, db) }
                try insert.execute(arguments: [
                    quote.id, quote.text, quote.author, quote.author?.searchKey, quote.source.rawValue, quote.createdAt,
                    quote.updatedAt, stored.deletedAt, quote.revision, quote.externalID,
                ])
                try Self.insertTags(db, quoteID: quote.id, quote.tags)
                try Self.recordRevision(db, quoteID: quote.id, action: .baseline, actor: RevisionActor.copy, at: quote.updatedAt)
            }
        }
    }

    public func removeEverything() async throws {
        try await pool.write { db in
            try db.execute(sql: """
                DELETE FROM quote_revision; DELETE FROM quote_tag; DELETE FROM quote; DELETE FROM author; DELETE FROM seed_fingerprint; DELETE FROM daily_choice;
                DELETE FROM sqlite_sequence WHERE name = 'quote';
                """)
        }
        dailyChoices.clear()
    }
}
