/// Narrows which live quotes a read considers. Every field is optional; all given ones must hold.
public struct QuoteFilter: Sendable, Equatable {
    /// Case-insensitive exact match on the author.
    public var author: String?
    /// Exact match on one tag (tags are stored lower-case, so this is case-insensitive too).
    public var tag: String?
    /// Case-insensitive substring of the text.
    public var textContains: String?
    /// Bounds on the text's length in Unicode code points (what SQLite's `length()` counts), inclusive.
    public var minLength: Int?
    public var maxLength: Int?

    public init(
        author: String? = nil, tag: String? = nil, textContains: String? = nil,
        minLength: Int? = nil, maxLength: Int? = nil
    ) {
        self.author = author
        self.tag = tag
        self.textContains = textContains
        self.minLength = minLength
        self.maxLength = maxLength
    }

    /// Whether a text of `length` code points passes the length bounds.
    func admits(length: Int) -> Bool {
        length >= (minLength ?? 0) && length <= (maxLength ?? .max)
    }

    var hasLengthBounds: Bool { minLength != nil || maxLength != nil }
}

extension String {
    /// The length that `QuoteFilter`'s bounds compare: Unicode code points.
    var quoteLength: Int { unicodeScalars.count }
}
