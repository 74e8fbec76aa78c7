import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    /// The change feed: rows whose `change_seq` is above `changeNumber` (an indexed range), deleted ones included.
    /// Every writer numbers its changes (the triggers of migrations 0003/0004 for row-at-a-time writes, the bulk
    /// add for its batches), so this sees other processes' writes too.
    public func changes(after changeNumber: Int64, limit: Int) async throws -> [QuoteChange] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: QuoteRow.changesSQL), arguments: [changeNumber, limit]).map(QuoteRow.change)
        }
    }

    /// Brings the in-memory index up to date with every committed change, from any process, and returns how
    /// many rows it applied (see `QuoteIndex.refresh`).
    @discardableResult
    public func refreshIndex(batchSize: Int = 50_000) async throws -> Int {
        try await index.refresh(from: self, batchSize: batchSize)
    }

    /// The one way a write of this store tells the index what it committed (created, changed, revived: the
    /// quote's new state; deleted: nil), so that this process's next read sees it without waiting for the
    /// change feed. Every write method ends here; `StoreWriteUpkeepTests` checks that each one does.
    func didCommit(_ changes: [(id: Int64, quote: QuoteSummary?)]) {
        // Until the index tracks the store (the server's refresher started it), its first load will read these
        // rows anyway: command-line tools never pay for an index they do not use.
        guard index.isTracking, !changes.isEmpty else { return }
        index.apply(changes)
    }
}
