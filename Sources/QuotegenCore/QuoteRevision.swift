/// One entry of a quote's history: the whole content right after one change, so that any revision can be made
/// current again. Written by the store in the transaction of the change itself, never afterwards.
public struct QuoteRevision: Sendable, Equatable {
    /// The store-wide number of this entry: entries are numbered in commit order (the audit feed's cursor).
    public let change: Int64
    public let quoteID: Int64
    /// The quote's revision after the change: the one its ETag named then.
    public let revision: Int64
    public let action: RevisionAction
    /// Who made the change: an admin token's name, `seed`, `import`, `copy` or `migration`.
    public let actor: String
    /// RFC 3339 in UTC.
    public let at: String
    public let content: QuoteContent
    /// Whether the quote was deleted after this change.
    public let deleted: Bool

    /// From a stored entry, whose content was validated when it was written.
    public init(
        change: Int64, quoteID: Int64, revision: Int64, action: RevisionAction, actor: String, at: String,
        text: String, author: String?, tags: [String], deleted: Bool
    ) {
        (self.change, self.quoteID, self.revision, self.action, self.actor) = (change, quoteID, revision, action, actor)
        (self.at, self.deleted) = (at, deleted)
        content = QuoteContent(uncheckedText: text, author: author, tags: tags)
    }
}

/// What a change did to a quote.
public enum RevisionAction: String, Sendable, CaseIterable {
    /// Added through the API, the seed file or an import.
    case create
    /// Its text, author or tags edited (PUT or PATCH).
    case update
    case delete
    /// An earlier revision made current again (`POST /quotes/{id}/restore`), undeleting it if needed.
    case restore
    /// A deleted quote brought back by `quotegen import --revive`.
    case revive
    /// The state a quote had when history began (migration) or when it was copied into this store (`actor` says
    /// which): what came before is not in this store's history.
    case baseline
}

/// Who a change is recorded as made by, when no admin token made it.
public enum RevisionActor {
    public static let seed = "seed"
    public static let `import` = "import"
    public static let copy = "copy"

    /// A bulk add's actor: the seed file's lines are the seed's, anything else came from `quotegen import`.
    public static func bulkAdd(_ source: QuoteSource) -> String {
        source == .seed ? seed : `import`
    }
}

/// The history of quotes: per quote, and store-wide as an audit feed.
public protocol QuoteHistory: Sendable {
    /// The entries of quote `id`, newest first, starting below revision `before` (from the newest when nil), at
    /// most `limit`. Nil when no quote ever had this id.
    func history(of id: Int64, before revision: Int64?, limit: Int) async throws -> [QuoteRevision]?

    /// Store-wide, the entries numbered above `change`, oldest first, at most `limit`; never past an entry that
    /// may still commit, so that a client polling with the last number it saw misses nothing.
    func revisions(after change: Int64, limit: Int) async throws -> [QuoteRevision]

    /// Makes revision `revision` of quote `id` current again, as a new revision recorded as `actor`'s, after
    /// `check` accepts the quote's current state (deleted or not); undeletes it if it is deleted. Answers the
    /// quote as it is then. Throws `QuoteStoreError.notFound` when no quote ever had this id,
    /// `.unknownRevision` when it has no such revision, `.duplicate` when a live quote has that text.
    func restore(
        id: Int64, revision: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void
    ) async throws -> Quote
}
