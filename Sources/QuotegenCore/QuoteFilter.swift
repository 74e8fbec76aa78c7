/// Narrows which live quotes a read considers. Every field is optional; all given ones must hold.
public struct QuoteFilter: Sendable, Equatable {
    /// Exact match on the author, ignoring case and accents (`String.searchKey`).
    public var author: String?
    /// Exact match on one tag (tags are stored lower-case, so this is case-insensitive too).
    public var tag: String?
    /// Words and phrases of the text (`SearchText`).
    public var search: SearchText?
    /// Bounds on the text's length in Unicode code points (what SQLite's `length()` counts), inclusive.
    public var minLength: Int?
    public var maxLength: Int?

    public init(
        author: String? = nil, tag: String? = nil, search: SearchText? = nil,
        minLength: Int? = nil, maxLength: Int? = nil
    ) {
        self.author = author
        self.tag = tag
        self.search = search
        self.minLength = minLength
        self.maxLength = maxLength
    }

    /// Whether a text of `length` code points passes the length bounds.
    public func admits(length: Int) -> Bool {
        length >= (minLength ?? 0) && length <= (maxLength ?? .max)
    }

    /// The author as the store compares it.
    public var authorKey: String? { author?.searchKey }

    public var hasLengthBounds: Bool { minLength != nil || maxLength != nil }
}

extension String {
    /// The length that `QuoteFilter`'s bounds compare: Unicode code points.
    var quoteLength: Int { unicodeScalars.count }
}
