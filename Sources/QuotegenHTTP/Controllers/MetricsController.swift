import Hummingbird
import QuotegenCore
import QuotegenRuntime

/// `GET /metrics` in Prometheus' text format; behind its own bearer token when one is configured, whose
/// failures count towards the same brute-force limit as the admin API's.
struct MetricsController<Repository: QuoteRepository> {
    let metrics: ServerMetrics
    let repository: Repository
    let gate: BearerGate?

    init(metrics: ServerMetrics, repository: Repository, token: BearerToken?, limiter: FailedAuthLimiter) {
        self.metrics = metrics
        self.repository = repository
        gate = token.map {
            BearerGate(token: $0, name: "metrics", limiter: limiter, realm: "quotegen-metrics", guarded: "the metrics", tokenName: "metrics token",
                rejection: "metrics scrape rejected")
        }
    }

    func addRoutes(to router: Router<QuotegenRequestContext>) {
        router.get("metrics") { request, context in
            try gate?.check(request, context: context)
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
