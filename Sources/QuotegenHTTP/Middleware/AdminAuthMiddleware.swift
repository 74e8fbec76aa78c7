import Hummingbird

/// The admin API's door (`BearerGate` over the `AdminTokenRegistry`: the bootstrap token and the named ones).
/// With no token at all, the admin API is disabled and every call is refused. The holder's name goes into the
/// request's log metadata (`admin`), never the token.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = QuotegenRequestContext

    let tokens: AdminTokenRegistry
    let gate: BearerGate

    init(tokens: AdminTokenRegistry, limiter: FailedAuthLimiter) {
        self.tokens = tokens
        gate = BearerGate(
            holder: { tokens.holder(of: $0) }, limiter: limiter, realm: "quotegen", guarded: "admin calls", tokenName: "admin token",
            rejection: "admin call rejected"
        )
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !tokens.isEmpty else {
            throw Problem(
                .unauthorized,
                "the admin API is disabled: the server has no admin token (set QUOTEGEN_ADMIN_TOKEN or QUOTEGEN_ADMIN_TOKEN_FILE, or create one with 'quotegen token create NAME')",
                headers: [.wwwAuthenticate: #"Bearer realm="quotegen""#]
            )
        }
        var context = context
        let holder = try gate.check(request, context: context)
        context.logger[metadataKey: "admin"] = "\(holder)"
        context.admin = holder
        return try await next(request, context)
    }
}
