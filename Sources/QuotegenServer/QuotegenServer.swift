import Foundation
import Hummingbird
import Logging
import QuotegenFiles
import QuotegenRuntime
import QuotegenIndex
import QuotegenHTTP
import QuotegenTransfer

/// `quotegen serve`: open the store, import the seed file, serve until SIGTERM or SIGINT,
/// then finish in-flight requests and close the database.
public enum QuotegenServer {
    public static func run(settings: ServerSettings, logger: Logger, metrics: ServerMetrics = ServerMetrics()) async throws {
        var settings = settings
        for warning in settings.warnings { logger.warning("\(warning)") }
        let asked = settings.connections.maxConnections
        settings.connections.fit(openFileLimit: DescriptorLimit.raiseToHardLimit())
        if settings.connections.maxConnections < asked {
            logger.warning(
                "QUOTEGEN_MAX_CONNECTIONS lowered to fit the open-file limit",
                metadata: ["asked": "\(asked)", "max_connections": "\(settings.connections.maxConnections)"]
            )
        }
        let served = try await ServedStore.open(settings.databasePath, logger: logger, metrics: metrics)
        let repository = served.store
        let importer = SeedImporter(path: settings.seedPath, store: repository, logger: logger, metrics: metrics)
        let seedFingerprint = FileFingerprint(path: settings.seedPath)
        do {
            do {
                try await importer.importFile()
            } catch let refused as SeedFileRefused {
                refused.log(to: logger)
            }
            let adminTokens = AdminTokenRegistry(bootstrap: settings.adminToken)
            let tokenRefresher = AdminTokenRefresher(store: repository, registry: adminTokens, logger: logger)
            try await tokenRefresher.load()
            if adminTokens.isEmpty {
                logger.warning(
                    "no admin token: the admin API is disabled until one is created ('quotegen token create NAME') or QUOTEGEN_ADMIN_TOKEN is set"
                )
            }
            let watcher = SeedWatcher(
                importer: importer, interval: settings.seedPollInterval, logger: logger, initialFingerprint: seedFingerprint
            )
            let refresher = QuoteIndexRefresher(
                index: served.index, feed: repository, interval: settings.indexRefreshInterval, wakeUps: served.wakeUps, logger: logger,
                metrics: metrics
            )
            let app = buildApplication(
                settings: settings, repository: repository, services: [refresher, watcher, tokenRefresher] + served.services,
                adminTokens: adminTokens, logger: logger, metrics: metrics
            )
            try await app.runService()
        } catch {
            try? await served.close()
            throw error
        }
        try await served.close()
        logger.info("stopped; database closed")
    }
}
