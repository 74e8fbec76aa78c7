import Hummingbird

/// Lets a request through only with `Authorization: Bearer <token>`, for the admin API and for a protected
/// `/metrics`. Both share one `FailedAuthLimiter`: an address that keeps failing gets 429 for a while before its
/// token is even compared, whichever door it tries, so guessing cannot go faster than the limit.
struct BearerGate: Sendable {
    /// The name of whoever the presented token belongs to, or nil when it opens nothing.
    let holder: @Sendable (String) -> String?
    let limiter: FailedAuthLimiter
    /// The `WWW-Authenticate` realm.
    let realm: String
    /// What the token opens, for messages: "admin calls", "the metrics".
    let guarded: String
    let tokenName: String
    /// The log line of a rejected attempt: "admin call rejected", "metrics scrape rejected".
    let rejection: String

    /// Returns the holder's name when the request's token opens the gate; throws 429 or 401 otherwise.
    @discardableResult
    func check(_ request: Request, context: QuotegenRequestContext) throws(Problem) -> String {
        let client = context.clientAddress
        if let seconds = limiter.retryAfter(client) {
            logRejection(request, context, reason: "too many failed authentications")
            throw Problem(
                .tooManyRequests,
                "too many failed authentications from \(client); try again in \(seconds) s",
                headers: [.retryAfter: "\(seconds)"]
            )
        }
        guard let presented = Self.bearerCredential(request.headers[.authorization]), let name = holder(presented) else {
            limiter.recordFailure(client)
            logRejection(request, context, reason: "missing or wrong \(tokenName)")
            throw Problem(
                .unauthorized,
                "\(guarded) need the header 'Authorization: Bearer <\(tokenName)>'",
                headers: [.wwwAuthenticate: #"Bearer realm="\#(realm)", error="invalid_token""#]
            )
        }
        return name
    }

    /// One line per rejected attempt: who and where, never what they presented.
    private func logRejection(_ request: Request, _ context: QuotegenRequestContext, reason: String) {
        context.logger.warning(
            "\(rejection)",
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

extension BearerGate {
    /// A gate for one token, whose holder is `name`.
    init(token: BearerToken, name: String, limiter: FailedAuthLimiter, realm: String, guarded: String, tokenName: String, rejection: String) {
        self.init(
            holder: { token.matches($0) ? name : nil }, limiter: limiter, realm: realm, guarded: guarded, tokenName: tokenName,
            rejection: rejection
        )
    }
}
