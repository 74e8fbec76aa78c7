import Hummingbird
import QuotegenCore
import QuotegenJSON

/// `GET /authors/{slug}`, an author's profile, and `PATCH /authors/{slug}` for admins (the profile's bio,
/// description and link, with `If-Match` like quotes). `GET /authors` (the tallies) is `TalliesController`'s.
struct AuthorsController<Repository: QuoteRepository> {
    let repository: Repository

    func addRoutes(to router: Router<QuotegenRequestContext>, adminAuth: AdminAuthMiddleware) {
        router.get("authors/:slug", use: show)
        router.group().add(middleware: adminAuth).patch("authors/:slug", use: patch)
        router.rejectOtherMethods(on: "authors/:slug", allowed: [.get, .patch])
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        guard let author = try await repository.author(slug: slug) else { throw AuthorStoreError.notFound(slug: slug) }
        let count = try await quoteCount(author)
        let headers: HTTPFields = [.eTag: author.etag(quoteCount: count)]
        if let notModified = EntityTags.notModified(request, headers: headers) { return notModified }
        return JSONResponse.make(AuthorResource(author: author, quoteCount: count), headers: headers)
    }

    @Sendable func patch(_ request: Request, context: QuotegenRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        let json = try await JSONRequestBody.object(of: request, acceptedTypes: ["application/merge-patch+json", "application/json"])
        let patch = try AuthorMergePatch(json: json)
        try patch.validateFields()
        let condition = request.headers[.ifMatch]
        // The count the client saw is part of its ETag; quotes are not locked by a profile edit, so it is read
        // first, and a quote added meanwhile only makes the answer's count newer.
        guard let before = try await repository.author(slug: slug) else { throw AuthorStoreError.notFound(slug: slug) }
        let count = try await quoteCount(before)
        let author = try await repository.updateAuthor(slug: slug) { current in
            if let condition, try !EntityTags.ifMatchHolds(condition, current: current.etag(quoteCount: count)) {
                throw AuthorStoreError.preconditionFailed
            }
            return try patch.applied(to: current.profile)
        }
        let after = try await quoteCount(author)
        return JSONResponse.make(AuthorResource(author: author, quoteCount: after), headers: [.eTag: author.etag(quoteCount: after)])
    }

    /// How many live quotes name the author now (the index's count, or one walk of the author index).
    private func quoteCount(_ author: Author) async throws -> Int {
        try await repository.quoteCount(matching: QuoteFilter(author: author.key))
    }

    /// A path segment that cannot be a slug names no author: 404 without asking the store.
    private static func slug(_ context: some RequestContext) throws -> String {
        let slug = context.parameters.get("slug") ?? ""
        guard AuthorSlug.isWellFormed(slug) else { throw AuthorStoreError.notFound(slug: slug) }
        return slug
    }
}
