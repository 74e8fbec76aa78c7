import Hummingbird
import QuotegenCore
import QuotegenJSON

/// Quotable's API (api.quotable.io) under `/quotable/`, so that an app written for it changes one base URL.
/// Every route maps Quotable's parameters onto the same `QuoteFilter`, orders and repository calls as quotegen's
/// own routes: no second query engine.
struct QuotableController<Repository: QuoteRepository> {
    let repository: Repository
    /// Deep pages of large listings start from keyset anchors instead of skipping every match before them.
    var anchors = QuotablePageAnchors()

    func addRoutes(to router: Router<QuotegenRequestContext>) {
        let routes: [(String, @Sendable (Request, QuotegenRequestContext) async throws -> Response)] = [
            ("random", random), ("quotes/random", randomList), ("quotes", list), ("quotes/:id", quote),
            ("tags", tags), ("search/quotes", search),
        ]
        // Errors here, a 404 for any other path under /quotable/ included, are Quotable's body (`QuotableError`).
        for (path, handler) in routes {
            router.get(RouterPath("quotable/\(path)"), use: handler)
            router.rejectOtherMethods(on: RouterPath("quotable/\(path)"), allowed: [.get])
        }
    }

    @Sendable func random(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters = try QuotableParameters(request)
        guard let filter = try await resolved(try parameters.filter(), parameters),
              let quote = try await repository.randomQuote(matching: filter)
        else { throw HTTPError(.notFound) }
        return JSONResponse.make(QuotableQuoteResource(quote: quote), headers: [.cacheControl: "no-store"])
    }

    @Sendable func randomList(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters = try QuotableParameters(request)
        let limit = try parameters.randomLimit()
        var quotes: [Quote] = []
        if let filter = try await resolved(try parameters.filter(), parameters) {
            quotes = try await repository.randomQuotes(matching: filter, count: limit)
        }
        return JSONResponse.make(QuotableArray(quotes.map(QuotableQuoteResource.init)), headers: [.cacheControl: "no-store"])
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters = try QuotableParameters(request)
        let sort = try parameters.sort(
            [("dateAdded", QuoteOrder.createdAt, true), ("author", .author, false), ("content", .text, false)],
            refusing: ["dateModified": "sortBy=dateModified is not supported here; use dateAdded, author or content"]
        )
        let order = sort.descending ? sort.key.descending : sort.key
        let (limit, offset) = try parameters.paging()
        var quotes: [Quote] = []
        var total = 0
        if let filter = try await resolved(try parameters.filter(), parameters) {
            quotes = try await anchors.page(repository, matching: filter, order: order, offset: offset, limit: limit)
            total = try await repository.quoteCount(matching: filter)
        }
        let body = QuotablePage(results: quotes.map(QuotableQuoteResource.init), totalCount: total, limit: limit, offset: offset)
        return JSONResponse.makeRevalidated(body, for: request)
    }

    @Sendable func quote(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let quote = try await Self.quote(context.parameters.get("id") ?? "", in: repository) else { throw HTTPError(.notFound) }
        return JSONResponse.make(QuotableQuoteResource(quote: quote), headers: [.eTag: quote.etag])
    }

    /// Quotes whose text has the query's words, best match first: the search behind `q` (every word must begin a
    /// word of the text; `"…"` is an exact phrase). Quotable's `fields` and `fuzzyMaxEdits` are not honoured (the
    /// search covers texts, exactly).
    @Sendable func search(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters = try QuotableParameters(request)
        let raw = try parameters.requiredQuery()
        let (limit, offset) = try parameters.paging()
        let search: SearchText
        do {
            guard let parsed = try SearchText(raw) else { throw Problem(.unprocessableContent, "Missing required parameter: `query`") }
            search = parsed
        } catch let error as SearchTextError {
            throw Problem(.badRequest, "query is \(error.length) characters long; search with at most \(SearchText.maximumLength)")
        }
        let filter = QuoteFilter(search: search)
        let quotes = try await anchors.page(repository, matching: filter, order: .relevance, offset: offset, limit: limit)
        let total = try await repository.quoteCount(matching: filter)
        let body = QuotablePage(results: quotes.map(QuotableQuoteResource.init), totalCount: total, limit: limit, offset: offset)
        return JSONResponse.makeRevalidated(body, for: request)
    }

    @Sendable func tags(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters = try QuotableParameters(request)
        let refused = ["dateAdded", "dateModified"].map { name in
            (name, "sortBy=\(name) is not supported for tags (quotegen keeps no dates for tags); use name or quoteCount")
        }
        let sort = try parameters.sort([("name", false, false), ("quoteCount", true, true)], refusing: Dictionary(uniqueKeysWithValues: refused))
        let tags = try await repository.tags().sorted { a, b in
            // By the key in the asked direction; tags with equal counts by name.
            if sort.key, a.count != b.count { return (a.count < b.count) != sort.descending }
            return sort.key || !sort.descending ? a.name < b.name : a.name > b.name
        }
        return JSONResponse.makeRevalidated(QuotableArray(tags.map(QuotableTagResource.init)), for: request)
    }

    /// `filter` with Quotable's `author` and `authorId` turned into the authors they name (with both, an author
    /// must be named both ways); nil when that leaves nobody, so that nothing matches.
    private func resolved(_ filter: QuoteFilter, _ parameters: QuotableParameters) async throws -> QuoteFilter? {
        var keys: [String]?
        if let terms = try parameters.authors() {
            var found: [String] = []
            for term in terms { found.append(try await authorKey(term)) }
            keys = found
        }
        if let ids = try parameters.authorIDs() {
            var found: [String] = []
            for raw in ids {
                if let author = try await Self.author(raw, in: repository) { found.append(author.key) }
            }
            keys = keys.map { named in named.filter(found.contains) } ?? found
        }
        guard let keys else { return filter }
        return keys.isEmpty ? nil : filter.replacingAuthors(keys)
    }

    /// One term of `author`: a slug, or a name whose slug is one (Quotable matches names by their slug), else the
    /// name itself, compared as `author=` compares (case and accents folded).
    private func authorKey(_ term: String) async throws -> String {
        for slug in [term, AuthorSlug.base(for: term)] where AuthorSlug.isWellFormed(slug) {
            if let author = try await repository.author(slug: slug) { return author.key }
        }
        return term.searchKey
    }

    /// The quote an `_id` names: quotegen's integer id written plainly, or the id it was imported with.
    static func quote(_ id: String, in repository: Repository) async throws -> Quote? {
        if let number = Int64(id), String(number) == id { return try await repository.quote(id: number) }
        return try await repository.quote(externalID: id)
    }

    /// The author an `_id` names, the same way.
    static func author(_ id: String, in repository: Repository) async throws -> Author? {
        if let number = Int64(id), String(number) == id { return try await repository.author(id: number) }
        return try await repository.author(externalID: id)
    }
}

/// A bare JSON array, as Quotable's `/quotes/random` and `/tags` answer.
struct QuotableArray<Item: JSONWritable>: JSONWritable {
    let items: [Item]

    init(_ items: [Item]) {
        self.items = items
    }

    func write(to json: inout JSONWriter) {
        json.array(items) { $0.value($1) }
    }
}
