import Hummingbird
import QuotegenCore
import QuotegenJSON

/// The quote routes: public reads, and admin writes behind `AdminAuthMiddleware`.
struct QuotesController<Repository: QuoteRepository> {
    let repository: Repository

    func addRoutes(to router: Router<QuotegenRequestContext>, adminAuth: AdminAuthMiddleware) {
        router.get("quote", use: random)
        router.get("quotes", use: list)
        router.get("quotes/random", use: randomBatch)
        router.get("quotes/:id", use: show)
        router.group()
            .add(middleware: adminAuth)
            .post("quotes", use: create)
            .put("quotes/:id", use: replace)
            .patch("quotes/:id", use: patch)
            .delete("quotes/:id", use: delete)
        router.rejectOtherMethods(on: "quote", allowed: [.get])
        router.rejectOtherMethods(on: "quotes", allowed: [.get, .post])
        router.rejectOtherMethods(on: "quotes/random", allowed: [.get])
        router.rejectOtherMethods(on: "quotes/:id", allowed: [.get, .put, .patch, .delete])
    }

    // MARK: Public

    @Sendable func random(_ request: Request, context: some RequestContext) async throws -> Response {
        let query = try QuoteQueryParameters(request)
        let mediaType = try QuoteMediaType.negotiate(request.headers[.accept])
        let filter = try await resolved(query.filter(allowsText: false), query)
        guard let filter, let quote = try await repository.randomQuote(matching: filter) else {
            throw Problem(.notFound, filter == QuoteFilter() ? "the store has no quotes" : "no quote matches these filters")
        }
        return QuoteRepresentation.response(quote, as: mediaType, headers: [.cacheControl: "no-store"])
    }

    @Sendable func randomBatch(_ request: Request, context: some RequestContext) async throws -> Response {
        let query = try QuoteQueryParameters(request)
        let count = try query.count()
        let filter = try await resolved(query.filter(allowsText: false), query)
        var quotes: [Quote] = []
        if let filter { quotes = try await repository.randomQuotes(matching: filter, count: count) }
        return JSONResponse.make(QuoteList(items: quotes.map(QuoteResource.init)), headers: [.cacheControl: "no-store"])
    }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let query = try QuoteQueryParameters(request)
        let parsed = try query.filter(allowsText: true)
        let order = try query.order(searching: parsed.search != nil)
        let limit = try query.limit()
        let after = try query.after()
        let counts = try query.total()
        let filter = try await resolved(parsed, query)
        // One more than asked tells whether a next page exists.
        var quotes: [Quote] = []
        var total: Int? = counts ? 0 : nil
        if let filter {
            quotes = try await repository.quotes(matching: filter, order: order, afterID: after, limit: limit + 1)
            if counts { total = try await repository.quoteCount(matching: filter) }
        }
        let items = quotes.prefix(limit)
        let next = quotes.count > limit ? items.last?.id : nil
        return JSONResponse.makeRevalidated(Page(items: items.map(QuoteResource.init), next: next, total: total), for: request)
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = try QuoteID.parse(context)
        guard let quote = try await repository.quote(id: id) else { throw QuoteStoreError.notFound(id: id) }
        if let notModified = EntityTags.notModified(request, headers: [.eTag: quote.etag]) { return notModified }
        return JSONResponse.make(QuoteResource(quote: quote), headers: [.eTag: quote.etag])
    }

    /// `filter` (the request's) with its `author_slug` turned into the authors it names (with `author` too, both must
    /// hold: the authors named both ways); nil when that leaves no author the store has, so that nothing matches.
    private func resolved(_ filter: QuoteFilter, _ query: QuoteQueryParameters) async throws -> QuoteFilter? {
        guard let slugs = try query.authorSlugs() else { return filter }
        var keys: [String] = []
        for slug in slugs {
            guard let author = try await repository.author(slug: slug) else { continue }
            if filter.authorKeys.isEmpty || filter.authorKeys.contains(author.key) { keys.append(author.key) }
        }
        return keys.isEmpty ? nil : filter.replacingAuthors(keys)
    }

    // MARK: Admin

    @Sendable func create(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let body = try QuoteRequestBody(json: try await JSONRequestBody.object(of: request))
        let quote = try await repository.create(try body.content(), by: context.adminName)
        return JSONResponse.make(
            QuoteResource(quote: quote), status: .created,
            headers: [.location: "/quotes/\(quote.id)", .eTag: quote.etag]
        )
    }

    @Sendable func replace(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let id = try QuoteID.parse(context)
        // The body is checked before the precondition: a request that could never succeed is a 422 whatever the
        // quote's state, not a 412 that invites a retry.
        let content = try QuoteRequestBody(json: try await JSONRequestBody.object(of: request)).content()
        let condition = request.headers[.ifMatch]
        let quote = try await repository.update(id: id, by: context.adminName) { current in
            try EntityTags.check(ifMatch: condition, current)
            return content
        }
        return JSONResponse.make(QuoteResource(quote: quote), headers: [.eTag: quote.etag])
    }

    @Sendable func patch(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let id = try QuoteID.parse(context)
        let json = try await JSONRequestBody.object(
            of: request, acceptedTypes: ["application/merge-patch+json", "application/json"]
        )
        let patch = try QuoteMergePatch(json: json)
        try patch.validateFields()
        let condition = request.headers[.ifMatch]
        let quote = try await repository.update(id: id, by: context.adminName) { current in
            try EntityTags.check(ifMatch: condition, current)
            return try patch.applied(to: current)
        }
        return JSONResponse.make(QuoteResource(quote: quote), headers: [.eTag: quote.etag])
    }

    @Sendable func delete(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let id = try QuoteID.parse(context)
        let condition = request.headers[.ifMatch]
        try await repository.delete(id: id, by: context.adminName) { current in try EntityTags.check(ifMatch: condition, current) }
        return Response(status: .noContent)
    }
}
