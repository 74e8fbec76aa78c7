import Foundation
import Hummingbird
import Logging
import QuotegenFiles
import QuotegenRuntime
import QuotegenIndex
import QuotegenSQLite
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
        // A restore or backup killed halfway leaves its temporary file (up to the database's size) beside it.
        let databaseFolder = URL(fileURLWithPath: settings.databasePath).deletingLastPathComponent().path
        for removed in AtomicFile.removeStaleTemporaries(in: databaseFolder, includingOwn: true) {
            logger.info("removed a temporary file left by a stopped quotegen", metadata: ["path": "\(removed)"])
        }
        let database = try AppDatabase.open(path: settings.databasePath)
        logger.info("database ready", metadata: ["path": "\(settings.databasePath)"])
        for extra in database.schemaExtras {
            logger.warning("database schema has an object quotegen does not manage", metadata: ["path": "\(settings.databasePath)", "object": "\(extra)"])
        }
        let repository = SQLiteQuoteRepository(database: database, metrics: metrics)
        let importer = SeedImporter(path: settings.seedPath, store: repository, logger: logger, metrics: metrics)
        let seedFingerprint = FileFingerprint(path: settings.seedPath)
        do {
            do {
                try await importer.importFile()
            } catch let refused as SeedFileRefused {
                refused.log(to: logger)
            }
            if settings.adminToken == nil {
                logger.warning("no admin token configured: the admin API is disabled (set QUOTEGEN_ADMIN_TOKEN or QUOTEGEN_ADMIN_TOKEN_FILE)")
            }
            let watcher = SeedWatcher(
                importer: importer, interval: settings.seedPollInterval, logger: logger, initialFingerprint: seedFingerprint
            )
            let refresher = QuoteIndexRefresher(
                index: repository.index, feed: repository, interval: settings.indexRefreshInterval, logger: logger, metrics: metrics
            )
            let fileWatch = DatabaseFileWatch(database: database, interval: .seconds(1), logger: logger)
            let app = buildApplication(
                settings: settings, repository: repository, services: [refresher, watcher, fileWatch], logger: logger, metrics: metrics
            )
            try await app.runService()
        } catch {
            try? database.close()
            throw error
        }
        try database.close()
        logger.info("stopped; database closed")
    }
}
