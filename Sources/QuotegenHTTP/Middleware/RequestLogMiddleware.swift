import Hummingbird
import Logging
import QuotegenRuntime

/// Logs each request once, when it is answered: method, path, status and duration.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(request.uri.path)",
                "status": "\(response.status.code)",
                "duration_ms": "\(Self.milliseconds(elapsed))",
            ]
        )
        return response
    }

    /// Milliseconds with two decimals, by integer arithmetic (`String(format:)` cost more than the rest of the line).
    static func milliseconds(_ duration: Duration) -> String {
        let hundredths = duration.nanoseconds / 10_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
