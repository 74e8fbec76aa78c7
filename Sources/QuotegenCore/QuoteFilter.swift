/// Which live quotes a read asks for. Every condition must hold; a list of authors or tags is one condition.
public struct QuoteFilter: Sendable, Equatable {
    /// Any of these authors, each matched exactly but ignoring case and accents (`String.searchKey`); empty: any.
    public private(set) var authors: [String]
    /// `authors` as the store compares them, one per author, in the same order. Folded once here: folding costs
    /// microseconds, and a pick or a listing reads the keys several times.
    public private(set) var authorKeys: [String]
    /// Tags, lower-case and without repeats (tags are stored lower-case, so matching is case-insensitive),
    /// combined by `tagMatch`; empty: no condition on tags.
    public private(set) var tags: [String]
    /// `.all` whenever there are fewer than two tags, so that equal filters compare equal.
    public private(set) var tagMatch: TagMatch
    /// Words and phrases of the text (`SearchText`).
    public var search: SearchText?
    /// Bounds on the text's length in Unicode code points (what SQLite's `length()` counts), inclusive.
    public var minLength: Int?
    public var maxLength: Int?

    public init(
        authors: [String], tags: [String], tagMatch: TagMatch = .all, search: SearchText? = nil,
        minLength: Int? = nil, maxLength: Int? = nil
    ) {
        var kept: [(author: String, key: String)] = []
        for author in authors {
            let key = author.searchKey
            if !kept.contains(where: { $0.key == key }) { kept.append((author, key)) }
        }
        self.authors = kept.map(\.author)
        self.authorKeys = kept.map(\.key)
        var lowered: [String] = []
        for tag in tags.map({ $0.lowercased() }) where !lowered.contains(tag) { lowered.append(tag) }
        self.tags = lowered
        self.tagMatch = lowered.count < 2 ? .all : tagMatch
        self.search = search
        self.minLength = minLength
        self.maxLength = maxLength
    }

    /// One author and one tag at most: the filter's original form.
    public init(
        author: String? = nil, tag: String? = nil, search: SearchText? = nil,
        minLength: Int? = nil, maxLength: Int? = nil
    ) {
        self.init(
            authors: author.map { [$0] } ?? [], tags: tag.map { [$0] } ?? [], search: search,
            minLength: minLength, maxLength: maxLength
        )
    }

    /// This filter asking for any of `authors` instead of its own.
    public func replacingAuthors(_ authors: [String]) -> QuoteFilter {
        QuoteFilter(authors: authors, tags: tags, tagMatch: tagMatch, search: search, minLength: minLength, maxLength: maxLength)
    }

    /// Whether a text of `length` code points passes the length bounds.
    public func admits(length: Int) -> Bool {
        length >= (minLength ?? 0) && length <= (maxLength ?? .max)
    }

    public var hasLengthBounds: Bool { minLength != nil || maxLength != nil }
}

/// How a filter's tags combine: a quote must have all of them, or any one.
public enum TagMatch: Sendable, Equatable {
    case all, any
}

extension String {
    /// The length that `QuoteFilter`'s bounds compare: Unicode code points.
    var quoteLength: Int { unicodeScalars.count }
}
