import Hummingbird

/// Lets a request through only with `Authorization: Bearer <admin token>`.
/// With no token configured, the admin API is disabled and every call is refused.
/// An address that keeps failing is refused with 429 for a while (`FailedAuthLimiter`), before its token is
/// even compared, so guessing cannot go faster than the limit.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = QuotegenRequestContext

    let token: BearerToken?
    let limiter: FailedAuthLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else {
            throw Problem(
                .unauthorized,
                "the admin API is disabled: the server has no admin token (set QUOTEGEN_ADMIN_TOKEN or QUOTEGEN_ADMIN_TOKEN_FILE)",
                headers: [.wwwAuthenticate: #"Bearer realm="quotegen""#]
            )
        }
        let client = context.clientAddress
        if let seconds = limiter.retryAfter(client) {
            logRejection(request, context, reason: "too many failed authentications")
            throw Problem(
                .tooManyRequests,
                "too many failed admin authentications from \(client); try again in \(seconds) s",
                headers: [.retryAfter: "\(seconds)"]
            )
        }
        guard let presented = Self.bearerCredential(request.headers[.authorization]), token.matches(presented) else {
            limiter.recordFailure(client)
            logRejection(request, context, reason: "missing or wrong admin token")
            throw Problem(
                .unauthorized,
                "admin calls need the header 'Authorization: Bearer <admin token>'",
                headers: [.wwwAuthenticate: #"Bearer realm="quotegen", error="invalid_token""#]
            )
        }
        return try await next(request, context)
    }

    /// One line per rejected attempt: who and where, never what they presented.
    private func logRejection(_ request: Request, _ context: Context, reason: String) {
        context.logger.warning(
            "admin call rejected",
            metadata: [
                "client": "\(context.clientAddress)",
                "route": "\(request.method.rawValue) \(context.endpointPath ?? request.uri.path)",
                "reason": "\(reason)",
            ]
        )
    }

    static func bearerCredential(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingWhitespace()
    }
}
