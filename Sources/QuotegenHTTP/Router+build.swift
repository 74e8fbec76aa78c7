import Foundation
import Hummingbird
import QuotegenCore
import QuotegenRuntime

/// The routes and middleware of the API, over any store that answers `QuoteRepository`.
public func buildRouter(
    repository: some QuoteRepository, adminTokens: AdminTokenRegistry, metricsToken: BearerToken? = nil, authFailuresPerMinute: Int = 10,
    now: @escaping @Sendable () -> Date, metrics: ServerMetrics = ServerMetrics()
) -> Router<QuotegenRequestContext> {
    let router = Router(context: QuotegenRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: NoSniffMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: PublicReadCORSMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: QueryStringMiddleware())
    // One limiter for every token-guarded door: failures at /metrics and at the admin API add up.
    let limiter = FailedAuthLimiter(maxFailures: authFailuresPerMinute, window: 60, now: now)
    let adminAuth = AdminAuthMiddleware(tokens: adminTokens, limiter: limiter)
    QuotesController(repository: repository).addRoutes(to: router, adminAuth: adminAuth)
    HistoryController(repository: repository).addRoutes(to: router, adminAuth: adminAuth)
    DailyQuoteController(repository: repository, now: now).addRoutes(to: router)
    TalliesController(repository: repository).addRoutes(to: router)
    AuthorsController(repository: repository).addRoutes(to: router, adminAuth: adminAuth)
    QuotableController(repository: repository).addRoutes(to: router)
    QuotableAuthorsController(repository: repository).addRoutes(to: router)
    HealthController(repository: repository).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    AdminConsoleController().addRoutes(to: router)
    MetricsController(metrics: metrics, repository: repository, token: metricsToken, limiter: limiter).addRoutes(to: router)
    return router
}
