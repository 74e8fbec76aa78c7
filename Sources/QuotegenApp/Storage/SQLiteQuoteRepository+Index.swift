import GRDB

extension SQLiteQuoteRepository {
    /// Brings the in-memory index up to date with every committed change, from any process, and returns
    /// how many rows it applied. The first call loads everything; later ones read only the rows whose
    /// `change_seq` is above the last one applied (an indexed range), in batches that never hold a
    /// transaction open for long.
    @discardableResult
    public func refreshIndex(batchSize: Int = 50_000) async throws -> Int {
        var applied = 0
        while true {
            let after = index.appliedChangeSeq
            let batch = try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT q.id, q.change_seq, q.revision, q.deleted_at IS NULL AS live, q.author,
                               length(q.text) AS length,
                               (SELECT group_concat(tag, ',') FROM
                                   (SELECT tag FROM quote_tag WHERE quote_id = q.id ORDER BY position)) AS tags
                        FROM quote q WHERE q.change_seq > ? ORDER BY q.change_seq LIMIT ?
                        """,
                    arguments: [after, batchSize]
                )
            }
            let changes: [(id: Int64, quote: IndexedQuote?)] = batch.map { row in
                let id: Int64 = row["id"]
                guard row["live"] as Bool else { return (id, nil) }
                let author: String? = row["author"]
                let tags: String? = row["tags"]
                return (id, IndexedQuote(
                    id: id, revision: row["revision"], author: author,
                    tags: tags?.split(separator: ",").map(String.init) ?? [], length: row["length"]
                ))
            }
            let last: Int64? = batch.last?["change_seq"]
            index.apply(changes, upTo: last, markLoaded: batch.count < batchSize)
            applied += batch.count
            if batch.count < batchSize { return applied }
        }
    }

    /// The index's view of a quote this process just wrote, applied at once so its own reads see it.
    func indexed(_ quote: Quote) -> IndexedQuote {
        IndexedQuote(
            id: quote.id, revision: quote.revision, author: quote.author, tags: quote.tags,
            length: quote.text.quoteLength
        )
    }
}
