import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the HTTP application that `quotegen serve` runs; tests build the same one.
public func buildApplication(
    settings: ServerSettings,
    repository: some QuoteRepository,
    services: [any Service] = [],
    logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(repository: repository, adminToken: settings.adminToken),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "quotegen"),
        services: services,
        logger: logger
    )
}

func buildRouter(repository: some QuoteRepository, adminToken: AdminToken?) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    QuotesController(repository: repository).addRoutes(to: router, adminAuth: AdminAuthMiddleware(token: adminToken))
    HealthController(repository: repository).addRoutes(to: router)
    return router
}
