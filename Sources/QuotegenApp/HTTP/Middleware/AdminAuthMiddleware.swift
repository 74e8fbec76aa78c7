import Hummingbird

/// Lets a request through only with `Authorization: Bearer <admin token>`.
/// With no token configured, the admin API is disabled and every call is refused.
struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AdminToken?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else {
            throw Problem(
                .unauthorized,
                "the admin API is disabled: the server has no admin token (set QUOTEGEN_ADMIN_TOKEN or QUOTEGEN_ADMIN_TOKEN_FILE)",
                headers: [.wwwAuthenticate: #"Bearer realm="quotegen""#]
            )
        }
        guard let presented = Self.bearerCredential(request.headers[.authorization]), token.matches(presented) else {
            throw Problem(
                .unauthorized,
                "admin calls need the header 'Authorization: Bearer <admin token>'",
                headers: [.wwwAuthenticate: #"Bearer realm="quotegen", error="invalid_token""#]
            )
        }
        return try await next(request, context)
    }

    static func bearerCredential(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingWhitespace()
    }
}
