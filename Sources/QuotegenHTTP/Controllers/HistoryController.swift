import Hummingbird
import QuotegenCore
import QuotegenJSON

/// History and undo (admin only): a quote's revisions, restoring one of them, and the store-wide audit feed.
struct HistoryController<Repository: QuoteRepository> {
    static var feedLimits: ClosedRange<Int> { 1...1000 }

    let repository: Repository

    func addRoutes(to router: Router<QuotegenRequestContext>, adminAuth: AdminAuthMiddleware) {
        router.group()
            .add(middleware: adminAuth)
            .get("quotes/:id/history", use: history)
            .post("quotes/:id/restore", use: restore)
            .get("changes", use: changes)
        router.rejectOtherMethods(on: "quotes/:id/history", allowed: [.get])
        router.rejectOtherMethods(on: "quotes/:id/restore", allowed: [.post])
        router.rejectOtherMethods(on: "changes", allowed: [.get])
    }

    /// Newest first; `after` is a revision number, and the page holds the ones below it.
    @Sendable func history(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let id = try QuoteID.parse(context)
        let query = try QuoteQueryParameters(request)
        let limit = try query.limit()
        let after = try query.integer("after", in: 1...Int(Int64.max)).map(Int64.init)
        guard let revisions = try await repository.history(of: id, before: after, limit: limit + 1) else {
            throw QuoteStoreError.notFound(id: id)
        }
        let items = revisions.prefix(limit)
        let next = revisions.count > limit ? items.last?.revision : nil
        return JSONResponse.make(Page(items: items.map(RevisionResource.init), next: next), headers: [.cacheControl: "no-store"])
    }

    /// Answers like `PUT /quotes/{id}`; `If-Match`, when given, must name the quote's current state (deleted or not).
    @Sendable func restore(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let id = try QuoteID.parse(context)
        let body = try RestoreRequestBody(json: try await JSONRequestBody.object(of: request))
        let condition = request.headers[.ifMatch]
        let quote = try await repository.restore(id: id, revision: body.revision, by: context.adminName) { current in
            try EntityTags.check(ifMatch: condition, current)
        }
        return JSONResponse.make(QuoteResource(quote: quote), headers: [.eTag: quote.etag])
    }

    /// Oldest first; `after` is a change number, and `next` is always the number to ask after next time (the
    /// last one given, or `after` itself when there is nothing new), so that a client can poll with it.
    @Sendable func changes(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let query = try QuoteQueryParameters(request)
        let limit = try query.integer("limit", in: Self.feedLimits) ?? 100
        let after = try query.integer("after", in: 0...Int(Int64.max)).map(Int64.init) ?? 0
        let revisions = try await repository.revisions(after: after, limit: limit)
        let next = revisions.last?.change ?? after
        return JSONResponse.make(Page(items: revisions.map(RevisionResource.init), next: next), headers: [.cacheControl: "no-store"])
    }
}

extension QuotegenRequestContext {
    /// The admin who made this request, as history records it; only ever read behind `AdminAuthMiddleware`.
    var adminName: String { admin ?? "unknown" }
}
