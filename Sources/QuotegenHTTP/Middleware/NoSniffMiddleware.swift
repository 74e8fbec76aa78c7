import Hummingbird

/// `X-Content-Type-Options: nosniff` on every answer: a browser must treat a quote (plain text or JSON, which
/// may hold any text an admin stored) as what its Content-Type says, never as a page or a script.
struct NoSniffMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
