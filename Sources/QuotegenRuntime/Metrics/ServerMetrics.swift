import Metrics
import struct Prometheus.PrometheusMetricsFactory
import class Prometheus.PrometheusCollectorRegistry
import Synchronization

/// Every metric the server exports, in one Prometheus registry. Each metric object is made once: the fixed
/// ones here at start, the per-route ones the first time their route answers (routes, methods and status
/// classes are a fixed, small set; no label ever holds an id or a user's input).
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public let liveQuotes: Metrics.Gauge
    public let seedImports: Metrics.Counter
    public let seedQuotesAdded: Metrics.Counter
    public let seedLinesRejected: Metrics.Counter
    /// Rows the index refresher applied: every writer's changes, other processes' (seed, import) included.
    public let indexRowsRefreshed: Metrics.Counter
    public let databaseWriteErrors: Metrics.Counter

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let statusClass: String
    }

    private let requests = Mutex<[RequestKey: Metrics.Counter]>([:])
    private let durations = Mutex<[String: Metrics.Timer]>([:])

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5),
        ]
        self.factory = factory
        liveQuotes = Metrics.Gauge(label: "quotegen_quotes_live", factory: factory)
        seedImports = Metrics.Counter(label: "quotegen_seed_imports_total", factory: factory)
        seedQuotesAdded = Metrics.Counter(label: "quotegen_seed_quotes_added_total", factory: factory)
        seedLinesRejected = Metrics.Counter(label: "quotegen_seed_lines_rejected_total", factory: factory)
        indexRowsRefreshed = Metrics.Counter(label: "quotegen_index_rows_refreshed_total", factory: factory)
        databaseWriteErrors = Metrics.Counter(label: "quotegen_database_write_errors_total", factory: factory)
    }

    private static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// One answered request: `route` is the route's template (`/quotes/{id}`, `NotFound`), never the concrete path.
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestKey(
            route: route,
            method: Self.methods.contains(method) ? method : "other",
            statusClass: "\(min(max(status / 100, 1), 5))xx"
        )
        let counter = requests.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Metrics.Counter(
                label: "quotegen_http_requests_total",
                dimensions: [("route", key.route), ("method", key.method), ("status", key.statusClass)],
                factory: factory
            )
            counters[key] = counter
            return counter
        }
        counter.increment()
        let timer = durations.withLock { timers in
            if let timer = timers[route] { return timer }
            let timer = Metrics.Timer(label: "quotegen_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            timers[route] = timer
            return timer
        }
        timer.recordNanoseconds(duration.nanoseconds)
    }

    /// The Prometheus text exposition of everything above.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}

extension Duration {
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
