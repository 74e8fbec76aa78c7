import Hummingbird

/// Refuses a request whose query string is malformed (`QueryString`'s rules) on every route, also those that
/// read no parameter: one URL means one thing, or it is a 400.
struct QueryStringMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let query = request.uri.query, !query.isEmpty { _ = try QueryString.pairs(query) }
        return try await next(request, context)
    }
}
