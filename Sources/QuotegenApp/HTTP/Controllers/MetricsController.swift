import Hummingbird

/// `GET /metrics` in Prometheus' text format; behind its own bearer token when one is configured.
struct MetricsController<Repository: QuoteRepository> {
    let metrics: ServerMetrics
    let repository: Repository
    let token: BearerToken?

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("metrics") { request, _ in
            if let token {
                guard let presented = AdminAuthMiddleware.bearerCredential(request.headers[.authorization]),
                      token.matches(presented) else {
                    throw Problem(
                        .unauthorized, "the metrics need the header 'Authorization: Bearer <metrics token>'",
                        headers: [.wwwAuthenticate: #"Bearer realm="quotegen-metrics""#]
                    )
                }
            }
            // Read at scrape time: the count the index keeps, so scraping never scans the table.
            metrics.liveQuotes.record(try await repository.liveQuoteCount())
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render()))
            )
        }
        router.rejectOtherMethods(on: "metrics", allowed: [.get])
    }
}
