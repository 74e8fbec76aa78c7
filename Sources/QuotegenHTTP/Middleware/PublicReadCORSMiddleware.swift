import Hummingbird

/// CORS for the public reads only: any web page may `GET` a quote, but no browser is let near the admin API.
///
/// `GET`/`HEAD` answers carry `Access-Control-Allow-Origin: *`; a preflight (`OPTIONS` asking for `GET`/`HEAD`)
/// is granted. Admin methods get no CORS headers and their preflights are refused (the router's 405), so a
/// browser never sends them cross-origin.
struct PublicReadCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    private static var readMethods: Set<String> { ["GET", "HEAD"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers[.origin] != nil else { return try await next(request, context) }
        if request.method == .options {
            guard let asked = request.headers[.accessControlRequestMethod], Self.readMethods.contains(asked.uppercased()) else {
                return try await next(request, context)
            }
            return Response(status: .noContent, headers: [
                .accessControlAllowOrigin: "*",
                .accessControlAllowMethods: "GET, HEAD",
                .accessControlAllowHeaders: "Accept, If-None-Match",
                .accessControlMaxAge: "86400",
            ])
        }
        var response = try await next(request, context)
        if Self.readMethods.contains(request.method.rawValue) {
            response.headers[.accessControlAllowOrigin] = "*"
            response.headers[.accessControlExposeHeaders] = "ETag"
        }
        return response
    }
}
