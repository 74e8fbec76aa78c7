/// Everything a caller outside a storage engine may ask of the quote store: what HTTP needs
/// (`QuoteRepository`), plus seeding, import, export, copying between engines and the change feed that keeps an
/// in-memory index current. An engine is one type conforming to this; nothing else names its database.
public protocol QuoteStore: QuoteRepository, QuoteChangeFeed, StoredQuoteCopying, AdminTokenStore {
    /// Adds validated quotes in short batched transactions (seeding and `quotegen import`): a text never stored is
    /// inserted; a live one is skipped; a deleted one is skipped, or with `revive` brought back with the given
    /// author and tags. A crash loses at most the batch in flight (a re-run skips what was stored).
    /// `progress` is called after each batch with the number of quotes handled so far.
    func addQuotes(
        _ contents: [QuoteContent], source: QuoteSource, revive: Bool, batchSize: Int,
        progress: @Sendable (Int) -> Void
    ) async throws -> BulkAddReport

    /// Adds quotes and authors from another system (`quotegen import --format quotable`), idempotently: first the
    /// authors, each made with its id, slug (when free), profile and dates if the store has none of its name, or
    /// else given the id and the profile fields it lacks; then the quotes in batches like `addQuotes` (a text or an
    /// external id already stored is skipped), each new one keeping its external id and dates.
    func addImported(
        _ quotes: [ImportedQuote], authors: [ImportedAuthor], batchSize: Int, progress: @Sendable (Int) -> Void
    ) async throws -> BulkAddReport

    /// The fingerprint recorded for the seed file at `path` (absolute), if it was ever imported in full.
    func seedFingerprint(path: String) async throws -> SeedFingerprint?

    /// Records that the seed file at `path`, as `fingerprint` describes it, is imported in full.
    func recordSeedFingerprint(_ fingerprint: SeedFingerprint, path: String) async throws

    /// Runs `body` on one consistent snapshot of the live quotes (an export), even while others write.
    func withLiveQuotes<T: Sendable>(_ body: @Sendable (any LiveQuoteSnapshot) async throws -> T) async throws -> T
}

extension QuoteStore {
    public func addQuotes(
        _ contents: [QuoteContent], source: QuoteSource, revive: Bool = false, batchSize: Int = 5000,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> BulkAddReport {
        try await addQuotes(contents, source: source, revive: revive, batchSize: batchSize, progress: progress)
    }

    /// Adds every text that was never stored (tombstones count as stored), with source `seed`.
    /// Returns how many were added. Texts must already be valid quote texts.
    public func addSeedQuotes(_ texts: [String]) async throws -> Int {
        let contents = texts.map { QuoteContent(uncheckedText: $0, author: nil, tags: []) }
        return try await addQuotes(contents, source: .seed).added
    }
}

/// The live quotes as one snapshot saw them.
public protocol LiveQuoteSnapshot: Sendable {
    /// The lowest id of a live quote whose text holds a line break, if any.
    func firstIDWithLineBreak() async throws -> Int64?

    /// Up to `limit` live quotes with ids above `afterID`, in id order.
    func liveQuotes(after afterID: Int64, limit: Int) async throws -> [Quote]
}

extension LiveQuoteSnapshot {
    /// Every live quote in id order, read in batches of `batchSize` (never all held at once).
    public func forEachQuote(batchSize: Int = 2000, _ body: (Quote) throws -> Void) async throws {
        var after: Int64 = 0
        while true {
            let batch = try await liveQuotes(after: after, limit: batchSize)
            for quote in batch { try body(quote) }
            guard batch.count == batchSize, let last = batch.last else { return }
            after = last.id
        }
    }
}

/// Every committed change, in commit order, by change number: what keeps an in-memory index current with
/// every writer (this process, `quotegen seed` beside it, another replica).
public protocol QuoteChangeFeed: Sendable {
    /// Up to `limit` changes numbered above `changeNumber`, lowest first.
    func changes(after changeNumber: Int64, limit: Int) async throws -> [QuoteChange]
}

/// One quote's state after a committed change.
public struct QuoteChange: Sendable, Equatable {
    public let id: Int64
    public let changeNumber: Int64
    /// What the quote is now; nil when it is deleted.
    public let summary: QuoteSummary?

    public init(id: Int64, changeNumber: Int64, summary: QuoteSummary?) {
        self.id = id
        self.changeNumber = changeNumber
        self.summary = summary
    }
}

/// What filters and random picks need of one live quote, never its text.
public struct QuoteSummary: Sendable, Equatable {
    public let id: Int64
    /// The quote's revision, so that its tags are served from a summary only for that exact state.
    public let revision: Int64
    /// The author as stored; nil when there is none.
    public let author: String?
    /// In their stored order.
    public let tags: [String]
    /// The text's length in code points, for the length filters.
    public let length: Int

    public init(id: Int64, revision: Int64, author: String?, tags: [String], length: Int) {
        self.id = id
        self.revision = revision
        self.author = author
        self.tags = tags
        self.length = length
    }

    public init(_ quote: Quote) {
        self.init(id: quote.id, revision: quote.revision, author: quote.author, tags: quote.tags, length: quote.text.quoteLength)
    }
}

extension BulkAddReport {
    /// The one walk of a bulk add, whatever the engine: `contents` in batches of `batchSize`, each handed to
    /// `addBatch` without the texts met earlier in the input (they count as already stored); `progress` gets the
    /// number of quotes handled after each batch. Returns the sum of the batches' reports.
    public static func adding(
        _ contents: [QuoteContent], batchSize: Int, progress: (Int) -> Void,
        _ addBatch: ([QuoteContent]) async throws -> BulkAddReport
    ) async throws -> BulkAddReport {
        var report = BulkAddReport()
        var seen = Set<String>(minimumCapacity: contents.count)
        for start in stride(from: 0, to: contents.count, by: batchSize) {
            let slice = contents[start..<min(start + batchSize, contents.count)]
            let batch = slice.filter { seen.insert($0.text).inserted }
            report.alreadyStored += slice.count - batch.count
            report = report + (try await addBatch(batch))
            progress(start + slice.count)
        }
        return report
    }
}

/// What a bulk add did with each quote it was given.
public struct BulkAddReport: Sendable, Equatable {
    /// Stored as new quotes.
    public var added = 0
    /// Deleted quotes brought back (only when asked to revive).
    public var revived = 0
    /// Texts already stored: live, deleted (unless revived), or earlier in the same input.
    public var alreadyStored = 0

    public init(added: Int = 0, revived: Int = 0, alreadyStored: Int = 0) {
        self.added = added
        self.revived = revived
        self.alreadyStored = alreadyStored
    }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(added: lhs.added + rhs.added, revived: lhs.revived + rhs.revived, alreadyStored: lhs.alreadyStored + rhs.alreadyStored)
    }
}

extension QuoteSummary {
    /// The summary of quote `id` holding `content` at `revision`.
    public init(id: Int64, _ content: QuoteContent, revision: Int64) {
        self.init(id: id, revision: revision, author: content.author, tags: content.tags, length: content.text.quoteLength)
    }
}
