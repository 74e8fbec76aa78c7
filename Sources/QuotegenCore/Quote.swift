/// Where a quote came from.
public enum QuoteSource: String, Sendable, Codable {
    /// Imported from the seed file.
    case seed
    /// Added by an admin over the HTTP API.
    case api
}

/// A live quote as the store knows it.
public struct Quote: Sendable, Equatable {
    public var id: Int64
    public var text: String
    public var author: String?
    /// The slug of the quote's author (`AuthorSlug`); nil when it has no author.
    public var authorSlug: String?
    public var tags: [String]
    public var source: QuoteSource
    /// RFC 3339 in UTC, as stored; the API shows it unchanged, so reads never parse or re-format it.
    public var createdAt: String
    public var updatedAt: String
    /// Bumped on every change, so that an ETag names one exact state of the quote.
    public var revision: Int64
    /// The quote's id in the system it was imported from (Quotable's `_id`), kept by `import --format quotable`;
    /// nil for every other quote.
    public var externalID: String?

    public init(
        id: Int64, text: String, author: String?, tags: [String], source: QuoteSource,
        createdAt: String, updatedAt: String, revision: Int64, authorSlug: String? = nil, externalID: String? = nil
    ) {
        (self.id, self.text, self.author, self.tags, self.source) = (id, text, author, tags, source)
        (self.authorSlug, self.externalID) = (authorSlug, externalID)
        (self.createdAt, self.updatedAt, self.revision) = (createdAt, updatedAt, revision)
    }

    public var content: QuoteContent {
        QuoteContent(uncheckedText: text, author: author, tags: tags)
    }

    /// This quote after an edit to `content` stamped `updatedAt`: the next revision. What every engine's update
    /// answers, without reading the row back.
    public func edited(to content: QuoteContent, at updatedAt: String, authorSlug: String?) -> Quote {
        var edited = self
        (edited.text, edited.author, edited.tags) = (content.text, content.author, content.tags)
        edited.authorSlug = authorSlug
        (edited.updatedAt, edited.revision) = (updatedAt, revision + 1)
        return edited
    }

    /// A strong entity tag for this state of the quote (RFC 9110 §8.8.3).
    public var etag: String { "\"\(id)-\(revision)\"" }
}
