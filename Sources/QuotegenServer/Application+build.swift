import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import QuotegenCore
import QuotegenRuntime
import QuotegenHTTP

/// Builds the HTTP application that `quotegen serve` runs; tests build the same one. Without `adminTokens`, only
/// the settings' bootstrap token opens the admin API.
public func buildApplication(
    settings: ServerSettings,
    repository: some QuoteRepository,
    services: [any Service] = [],
    adminTokens: AdminTokenRegistry? = nil,
    logger: Logger,
    now: @escaping @Sendable () -> Date = { Date() },
    metrics: ServerMetrics = ServerMetrics()
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(
            repository: repository, adminTokens: adminTokens ?? AdminTokenRegistry(bootstrap: settings.adminToken, now: now), metricsToken: settings.metricsToken,
            authFailuresPerMinute: settings.authFailuresPerMinute, now: now, metrics: metrics
        ),
        server: QuotegenHTTPChannel.builder(settings: settings.connections),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "quotegen"),
        services: services,
        logger: logger
    )
}
