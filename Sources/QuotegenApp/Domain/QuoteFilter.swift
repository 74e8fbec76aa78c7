/// Narrows which live quotes a read considers. Every field is optional; all given ones must hold.
public struct QuoteFilter: Sendable, Equatable {
    /// Case-insensitive exact match on the author.
    public var author: String?
    /// Exact match on one tag (tags are stored lower-case, so this is case-insensitive too).
    public var tag: String?
    /// Case-insensitive substring of the text.
    public var textContains: String?

    public init(author: String? = nil, tag: String? = nil, textContains: String? = nil) {
        self.author = author
        self.tag = tag
        self.textContains = textContains
    }
}
