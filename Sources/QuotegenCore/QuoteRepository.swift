/// The quote store as the HTTP layer sees it.
public protocol QuoteRepository: QuoteHistory, AuthorDirectory {
    /// Up to `count` distinct live quotes chosen uniformly at random among those matching `filter`;
    /// all of them (in random order) when fewer match.
    func randomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote]

    /// Live quotes matching `filter` in `order`, starting after the quote with id `afterID` in that order (from the
    /// first when nil), then skipping `offset` of them, at most `limit`. Throws `QuoteStoreError.unknownCursor` if
    /// `afterID` names no quote, live or deleted, and the order needs its position, and
    /// `QuoteStoreError.cursorOutsideSearch` if the order is `.relevance` and `afterID` does not match the search.
    /// Skipped matches are stepped over in the order's index, not read (page numbers: `/quotable/quotes?page=`).
    func quotes(matching filter: QuoteFilter, order: QuoteOrder, afterID: Int64?, offset: Int, limit: Int) async throws -> [Quote]

    /// The live quote with this id, or nil.
    func quote(id: Int64) async throws -> Quote?

    /// The live quote imported with this id from another system (`Quote.externalID`), or nil.
    func quote(externalID: String) async throws -> Quote?

    /// The quote of `day` (`YYYY-MM-DD`): chosen by `DailyQuoteChoice` among the live quotes created before
    /// `createdBefore` (an RFC 3339 instant), or among all live quotes if none was, and kept for the day.
    /// Nil when the store is empty.
    func dailyQuote(day: String, createdBefore: String) async throws -> Quote?

    /// Authors of live quotes with their counts, by count (highest first) then name.
    /// Authors that differ only in case are one author, shown with one of their spellings.
    func authors() async throws -> [Tally]

    /// Tags of live quotes with their counts, by count (highest first) then name.
    func tags() async throws -> [Tally]

    /// Stores a new quote from the API, recorded in its history as `actor`'s (an admin token's name).
    /// Throws `QuoteStoreError.duplicate` if a live quote has the same text.
    func create(_ content: QuoteContent, by actor: String) async throws -> Quote

    /// Changes a live quote in one transaction: `change` sees the current state and returns the new content,
    /// or throws (for example `QuoteStoreError.preconditionFailed`) to leave it untouched. A change is recorded in
    /// the quote's history as `actor`'s; content equal to the current one changes nothing.
    func update(id: Int64, by actor: String, _ change: @escaping @Sendable (Quote) throws -> QuoteContent) async throws -> Quote

    /// Marks a live quote deleted in one transaction, after `check` accepts its current state, recorded in its
    /// history as `actor`'s.
    func delete(id: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void) async throws

    /// How many live quotes match `filter` (all of them for an empty one): from the in-memory index when it is
    /// loaded and the filter has no search, else one count over the indexes the listing uses.
    func quoteCount(matching filter: QuoteFilter) async throws -> Int

    /// Returns when the store can serve reads and writes; throws why it cannot (`DatabaseFileGone`, say).
    func checkReady() async throws
}

extension QuoteRepository {
    /// A keyset page: after the quote `afterID` (see the requirement).
    public func quotes(matching filter: QuoteFilter, order: QuoteOrder, afterID: Int64?, limit: Int) async throws -> [Quote] {
        try await quotes(matching: filter, order: order, afterID: afterID, offset: 0, limit: limit)
    }

    /// A numbered page: after skipping `offset` matches.
    public func quotes(matching filter: QuoteFilter, order: QuoteOrder, offset: Int, limit: Int) async throws -> [Quote] {
        try await quotes(matching: filter, order: order, afterID: nil, offset: offset, limit: limit)
    }

    /// How many live quotes there are.
    public func liveQuoteCount() async throws -> Int {
        try await quoteCount(matching: QuoteFilter())
    }

    /// One live quote chosen uniformly at random among those matching `filter`, or nil if none does.
    public func randomQuote(matching filter: QuoteFilter) async throws -> Quote? {
        try await randomQuotes(matching: filter, count: 1).first
    }
}

/// Why a request to the quote store was refused. Nothing was changed.
public enum QuoteStoreError: Error, Equatable {
    case notFound(id: Int64)
    case duplicate(existingID: Int64)
    case preconditionFailed
    case unknownCursor(id: Int64)
    /// A relevance-ordered page was asked to start after a quote that the search does not match (now).
    case cursorOutsideSearch(id: Int64)
    /// A restore named a revision the quote never had; `latest` is its newest.
    case unknownRevision(id: Int64, revision: Int64, latest: Int64)
}
