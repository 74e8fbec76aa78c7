import QuotegenCore

/// Quotable's wire format (`/quotable/…`), written from quotegen's own types: what a client of api.quotable.io
/// reads. Fields in the order Quotable's documentation lists them.
public enum Quotable {
    /// What a quote without an author shows: Quotable has no such quote (its `author` is required), and clients
    /// print the name, so a name is given rather than null.
    public static let unknownAuthor = "Unknown"
    public static let unknownAuthorSlug = "unknown"

    /// Quotable's dates are days (`2023-04-14`): the day of quotegen's RFC 3339 timestamp.
    static func day(_ timestamp: String) -> String { String(timestamp.prefix(10)) }
}

/// A quote: `{_id, content, author, authorSlug, length, tags, dateAdded, dateModified}`; `_id` is the id it was
/// imported with from Quotable, else quotegen's id as a string.
public struct QuotableQuoteResource: JSONWritable {
    let quote: Quote

    public init(quote: Quote) {
        self.quote = quote
    }

    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("_id") { $0.string(quote.externalID ?? String(quote.id)) }
            json.field("content") { $0.string(quote.text) }
            json.field("author") { $0.string(quote.author ?? Quotable.unknownAuthor) }
            json.field("authorSlug") { $0.string(quote.authorSlug ?? Quotable.unknownAuthorSlug) }
            // Code points, as the length filters count (Quotable counts UTF-16 units: they differ only for
            // characters outside the Basic Multilingual Plane, such as emoji).
            json.field("length") { $0.integer(quote.text.unicodeScalars.count) }
            json.field("tags") { $0.array(quote.tags) { $0.string($1) } }
            json.field("dateAdded") { $0.string(Quotable.day(quote.createdAt)) }
            json.field("dateModified") { $0.string(Quotable.day(quote.updatedAt)) }
        }
    }
}

/// An author: `{_id, name, slug, bio, description, link, quoteCount, dateAdded, dateModified}`; an empty profile
/// field is `""`, as in Quotable's data.
public struct QuotableAuthorResource: JSONWritable {
    let author: Author
    let quoteCount: Int

    public init(author: Author, quoteCount: Int) {
        self.author = author
        self.quoteCount = quoteCount
    }

    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("_id") { $0.string(author.externalID ?? String(author.id)) }
            json.field("name") { $0.string(author.name) }
            json.field("slug") { $0.string(author.slug) }
            json.field("bio") { $0.string(author.profile.bio) }
            json.field("description") { $0.string(author.profile.description) }
            json.field("link") { $0.string(author.profile.link) }
            json.field("quoteCount") { $0.integer(quoteCount) }
            json.field("dateAdded") { $0.string(Quotable.day(author.createdAt)) }
            json.field("dateModified") { $0.string(Quotable.day(author.updatedAt)) }
        }
    }
}

/// A tag with its live quotes: `{_id, name, slug, quoteCount}` (quotegen keeps no dates for tags; a tag is its
/// name, so the name is its id and slug too).
public struct QuotableTagResource: JSONWritable {
    let tally: Tally

    public init(tally: Tally) {
        self.tally = tally
    }

    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("_id") { $0.string(tally.name) }
            json.field("name") { $0.string(tally.name) }
            json.field("slug") { $0.string(tally.name) }
            json.field("quoteCount") { $0.integer(tally.count) }
        }
    }
}

/// One page of a Quotable listing: `{count, totalCount, page, totalPages, lastItemIndex, results}`.
/// `lastItemIndex` is the 1-based index of the page's last result, null on the last page (as Quotable answers).
public struct QuotablePage<Item: JSONWritable>: JSONWritable {
    let results: [Item]
    let totalCount: Int
    let limit: Int
    /// How many results come before this page; its number follows (`skip=12&limit=10` is page 2, as in Quotable).
    let offset: Int

    public init(results: [Item], totalCount: Int, limit: Int, offset: Int) {
        (self.results, self.totalCount, self.limit, self.offset) = (results, totalCount, limit, offset)
    }

    public func write(to json: inout JSONWriter) {
        let page = offset / limit + 1
        let lastItemIndex = offset + results.count
        json.object { json in
            json.field("count") { $0.integer(results.count) }
            json.field("totalCount") { $0.integer(totalCount) }
            json.field("page") { $0.integer(page) }
            json.field("totalPages") { $0.integer((totalCount + limit - 1) / limit) }
            json.field("lastItemIndex") { $0.value(lastItemIndex >= totalCount ? nil : Int64(lastItemIndex)) }
            json.field("results") { $0.array(results) { $0.value($1) } }
        }
    }
}

/// Quotable's error body: `{statusCode, statusMessage}`.
public struct QuotableErrorResource: JSONWritable {
    let statusCode: Int
    let statusMessage: String

    public init(statusCode: Int, statusMessage: String) {
        (self.statusCode, self.statusMessage) = (statusCode, statusMessage)
    }

    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("statusCode") { $0.integer(statusCode) }
            json.field("statusMessage") { $0.string(statusMessage) }
        }
    }
}
