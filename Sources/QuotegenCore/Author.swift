/// An author as the store keeps it: one row per author key (the name with case and accents folded), made the
/// first time a quote names the author and kept when its quotes are deleted, so that its slug stays given.
public struct Author: Sendable, Equatable {
    public var id: Int64
    /// The name as `author=` compares it (`String.searchKey`); what quotes refer to.
    public var key: String
    /// The spelling of the first quote that named the author.
    public var name: String
    public var slug: String
    public var profile: AuthorProfile
    /// RFC 3339 in UTC, as stored.
    public var createdAt: String
    public var updatedAt: String
    /// Bumped on every profile change, so that an ETag names one exact state.
    public var revision: Int64
    /// The author's id in the system it was imported from (Quotable's `_id`); nil for every other author.
    public var externalID: String?

    public init(
        id: Int64, key: String, name: String, slug: String, profile: AuthorProfile,
        createdAt: String, updatedAt: String, revision: Int64, externalID: String? = nil
    ) {
        (self.id, self.key, self.name, self.slug, self.profile) = (id, key, name, slug, profile)
        (self.createdAt, self.updatedAt, self.revision, self.externalID) = (createdAt, updatedAt, revision, externalID)
    }

    /// A strong entity tag (RFC 9110 §8.8.3) for this state of the profile shown with `quoteCount` live quotes: the
    /// count is part of the representation, so a new quote by the author is a new tag. `a` keeps it apart from
    /// quotes' tags.
    public func etag(quoteCount: Int) -> String { "\"a\(id)-\(revision)-\(quoteCount)\"" }
}

/// What an admin may set on an author, validated: empty strings mean "none".
public struct AuthorProfile: Sendable, Equatable {
    public static let maxBioLength = 2000
    public static let maxDescriptionLength = 200
    public static let maxLinkLength = 2000

    public let bio: String
    public let description: String
    public let link: String

    /// Validates and normalises (trimmed, NFC). A link must be an absolute `https` URL with a host.
    public init(bio: String, description: String, link: String) throws(QuoteValidationError) {
        let bio = bio.trimmingWhitespace().nfc
        let description = description.trimmingWhitespace().nfc
        let link = link.trimmingWhitespace()
        try Self.check(bio, field: "bio", limit: Self.maxBioLength, allowing: ["\n", "\r", "\t"])
        try Self.check(description, field: "description", limit: Self.maxDescriptionLength, allowing: [])
        if !link.isEmpty {
            guard link.utf8.count <= Self.maxLinkLength else {
                throw QuoteValidationError("link is \(link.utf8.count) bytes long; the limit is \(Self.maxLinkLength)")
            }
            guard Self.isHTTPSURL(link) else {
                throw QuoteValidationError("link must be an https URL with a host, such as https://en.wikipedia.org/wiki/Albert_Einstein; got '\(link)'")
            }
        }
        self.init(uncheckedBio: bio, description: description, link: link)
    }

    /// Already valid (as read back from the store).
    public init(uncheckedBio bio: String, description: String, link: String) {
        (self.bio, self.description, self.link) = (bio, description, link)
    }

    private static func check(_ value: String, field: String, limit: Int, allowing: Set<Unicode.Scalar>) throws(QuoteValidationError) {
        guard value.utf8.count <= limit || value.count <= limit else {
            throw QuoteValidationError("\(field) is \(value.count) characters long; the limit is \(limit)")
        }
        guard value.utf8.count <= limit * 4 else {
            throw QuoteValidationError("\(field) is \(value.utf8.count) bytes long in UTF-8; the limit is \(limit * 4)")
        }
        try QuoteContent.rejectControlCharacters(in: value, field: field, allowing: allowing)
    }

    /// This profile with each empty field taken from `other`: what an import adds to an author already here.
    public func filled(from other: AuthorProfile) -> AuthorProfile {
        AuthorProfile(
            uncheckedBio: bio.isEmpty ? other.bio : bio, description: description.isEmpty ? other.description : description,
            link: link.isEmpty ? other.link : link
        )
    }

    /// `https://host[:port][/…]`: printable ASCII only (an IRI's other characters percent-encoded), a host of
    /// letters, digits, `-` and `.`.
    static func isHTTPSURL(_ link: String) -> Bool {
        guard link.lowercased().hasPrefix("https://"),
              link.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\"" && $0 != "<" && $0 != ">" && $0 != "\\" })
        else { return false }
        let rest = link.dropFirst("https://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return false }
        let host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = host.first, !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }),
              name.first != ".", name.last != "-"
        else { return false }
        if host.count == 2 {
            guard let port = Int(host[1]), (1...65535).contains(port) else { return false }
        }
        return true
    }
}

/// The authors of the store, by slug: what `/authors/{slug}` and the `author_slug` filter need.
public protocol AuthorDirectory: Sendable {
    /// The author with this slug, or nil.
    func author(slug: String) async throws -> Author?

    /// The author with this id (`Author.id`), or nil.
    func author(id: Int64) async throws -> Author?

    /// The author imported with this id from another system (`Author.externalID`), or nil.
    func author(externalID: String) async throws -> Author?

    /// Every author, by id: a store has thousands of authors where it has millions of quotes, so
    /// `/quotable/authors` sorts, filters and pages them in memory.
    func allAuthors() async throws -> [Author]

    /// Changes an author's profile in one transaction: `change` sees the current state and returns the new
    /// profile, or throws (`AuthorStoreError.preconditionFailed`) to leave it untouched. A profile equal to the
    /// current one changes nothing. Throws `AuthorStoreError.notFound` for an unknown slug.
    func updateAuthor(slug: String, _ change: @escaping @Sendable (Author) throws -> AuthorProfile) async throws -> Author
}

/// Why a request about an author was refused. Nothing was changed.
public enum AuthorStoreError: Error, Equatable {
    case notFound(slug: String)
    case preconditionFailed
}
