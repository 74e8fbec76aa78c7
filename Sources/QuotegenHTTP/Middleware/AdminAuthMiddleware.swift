import Hummingbird

/// The admin API's door (`BearerGate` with the admin token). With no token configured, the admin API is
/// disabled and every call is refused.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = QuotegenRequestContext

    let gate: BearerGate?

    init(token: BearerToken?, limiter: FailedAuthLimiter) {
        gate = token.map {
            BearerGate(token: $0, limiter: limiter, realm: "quotegen", guarded: "admin calls", tokenName: "admin token",
                rejection: "admin call rejected")
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let gate else {
            throw Problem(
                .unauthorized,
                "the admin API is disabled: the server has no admin token (set QUOTEGEN_ADMIN_TOKEN or QUOTEGEN_ADMIN_TOKEN_FILE)",
                headers: [.wwwAuthenticate: #"Bearer realm="quotegen""#]
            )
        }
        try gate.check(request, context: context)
        return try await next(request, context)
    }
}
