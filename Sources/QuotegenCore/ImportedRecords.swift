/// A quote from another system (`quotegen import --format quotable`): its validated content, and what is kept of
/// its life there — its id, its dates and its author's slug.
public struct ImportedQuote: Sendable, Equatable {
    public var content: QuoteContent
    /// Its id there; a second import of the same id adds nothing.
    public var externalID: String
    /// RFC 3339, as stored; nil: the time of the import.
    public var createdAt: String?
    public var updatedAt: String?
    /// The slug its author had there, kept when the author is new here and no other author has it.
    public var authorSlug: String?

    public init(content: QuoteContent, externalID: String, createdAt: String?, updatedAt: String?, authorSlug: String?) {
        (self.content, self.externalID, self.createdAt, self.updatedAt, self.authorSlug) = (content, externalID, createdAt, updatedAt, authorSlug)
    }
}

/// An author from another system: a validated name (as `QuoteContent` validates authors) and what is kept of it.
public struct ImportedAuthor: Sendable, Equatable {
    public var name: String
    public var externalID: String?
    /// Kept when the author is new here and no other author has it; otherwise the store slugs the name.
    public var slug: String?
    public var profile: AuthorProfile
    public var createdAt: String?
    public var updatedAt: String?

    public init(name: String, externalID: String?, slug: String?, profile: AuthorProfile, createdAt: String?, updatedAt: String?) {
        (self.name, self.externalID, self.slug, self.profile) = (name, externalID, slug, profile)
        (self.createdAt, self.updatedAt) = (createdAt, updatedAt)
    }
}

extension ImportedQuote {
    /// The authors an import makes or completes, once per author (as `author=` compares names), in every engine's
    /// order: the authors file's first, in its order, then the quotes' authors it does not name, each with its
    /// first quote's slug and date.
    public static func authors(of quotes: [ImportedQuote], besides authors: [ImportedAuthor]) -> [ImportedAuthor] {
        var seen = Set<String>()
        var all: [ImportedAuthor] = []
        for author in authors where seen.insert(author.name.searchKey).inserted { all.append(author) }
        for quote in quotes {
            guard let name = quote.content.author, seen.insert(name.searchKey).inserted else { continue }
            all.append(ImportedAuthor(
                name: name, externalID: nil, slug: quote.authorSlug, profile: AuthorProfile(uncheckedBio: "", description: "", link: ""),
                createdAt: quote.createdAt, updatedAt: quote.createdAt
            ))
        }
        return all
    }
}
