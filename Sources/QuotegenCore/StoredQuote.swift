/// A quote row exactly as a store holds it, tombstones included: what `quotegen copy` moves between engines.
public struct StoredQuote: Sendable, Equatable {
    /// Id, text, author, tags, source, timestamps and revision.
    public var quote: Quote
    /// RFC 3339 when the quote is deleted (a tombstone); nil while it is live.
    public var deletedAt: String?

    public init(quote: Quote, deletedAt: String?) {
        (self.quote, self.deletedAt) = (quote, deletedAt)
    }
}

/// Every row of a store, read and written as it is (ids, timestamps, revisions and tombstones kept): the engine
/// side of `quotegen copy`. Meant for a store no server is writing to while it runs.
public protocol StoredQuoteCopying: Sendable {
    /// Up to `limit` rows with ids above `afterID`, in id order, tombstones included.
    func storedQuotes(after afterID: Int64, limit: Int) async throws -> [StoredQuote]

    /// How many rows there are, tombstones included.
    func storedQuoteCount() async throws -> Int

    /// Writes `quotes` as they are, in one transaction; none of their ids or live texts may be stored yet.
    /// New ids given later continue above the highest copied one.
    func insertStored(_ quotes: [StoredQuote]) async throws

    /// Up to `limit` authors with ids above `afterID`, in id order, with their slugs and profiles.
    func storedAuthors(after afterID: Int64, limit: Int) async throws -> [Author]

    /// Writes `authors` as they are (ids, keys, slugs, profiles, timestamps, revisions), in one transaction; none
    /// of their ids, keys or slugs may be stored yet. Authors are copied before the quotes that name them.
    func insertStoredAuthors(_ authors: [Author]) async throws

    /// Removes every quote (tombstones too), author, seed fingerprint and kept daily choice: `copy --replace`.
    func removeEverything() async throws
}
