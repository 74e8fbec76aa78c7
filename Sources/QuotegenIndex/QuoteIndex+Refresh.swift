import QuotegenCore
extension QuoteIndex {
    /// Brings the index up to date with every change `feed` has committed, from any process, and returns how many
    /// changes it applied. The first call loads everything and starts tracking (from then on the store's own
    /// writes are applied at once); later ones read only what is numbered above the last change applied, in
    /// batches that never hold a transaction open for long.
    @discardableResult
    public func refresh(from feed: some QuoteChangeFeed, batchSize: Int = 50_000) async throws -> Int {
        startTracking()
        var applied = 0
        while true {
            let batch = try await feed.changes(after: appliedChangeSeq, limit: batchSize)
            apply(batch.map { ($0.id, $0.summary) }, upTo: batch.last?.changeNumber, markLoaded: batch.count < batchSize)
            applied += batch.count
            if batch.count < batchSize { return applied }
        }
    }
}
