/// The quote store as the HTTP layer sees it.
public protocol QuoteRepository: Sendable {
    /// One live quote chosen uniformly at random among those matching `filter`, or nil if none does.
    func randomQuote(matching filter: QuoteFilter) async throws -> Quote?

    /// Live quotes matching `filter` with an id above `afterID`, in id order, at most `limit` of them.
    func quotes(matching filter: QuoteFilter, afterID: Int64?, limit: Int) async throws -> [Quote]

    /// The live quote with this id, or nil.
    func quote(id: Int64) async throws -> Quote?

    /// Stores a new quote from the API. Throws `QuoteStoreError.duplicate` if a live quote has the same text.
    func create(_ content: QuoteContent) async throws -> Quote

    /// Changes a live quote in one transaction: `change` sees the current state and returns the new content,
    /// or throws (for example `QuoteStoreError.preconditionFailed`) to leave it untouched.
    func update(id: Int64, _ change: @escaping @Sendable (Quote) throws -> QuoteContent) async throws -> Quote

    /// Marks a live quote deleted in one transaction, after `check` accepts its current state.
    func delete(id: Int64, _ check: @escaping @Sendable (Quote) throws -> Void) async throws

    /// Whether the database answers a query.
    func isReady() async -> Bool
}

/// Why a write to the quote store was refused. Nothing was changed.
public enum QuoteStoreError: Error, Equatable {
    case notFound(id: Int64)
    case duplicate(existingID: Int64)
    case preconditionFailed
}
