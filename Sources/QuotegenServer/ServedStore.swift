import Foundation
import Logging
import ServiceLifecycle
import QuotegenCore
import QuotegenFiles
import QuotegenIndex
import QuotegenPostgres
import QuotegenRuntime
import QuotegenSQLite

/// The store `quotegen serve` runs on, open: the one place the server chooses its engine from `--db` (a
/// `postgres://` URL or a SQLite file's path), with the services that engine needs beside the server.
struct ServedStore {
    let store: any QuoteStore
    /// The in-memory index of random picks and tallies that the store serves from once loaded.
    let index: QuoteIndex
    let services: [any Service]
    /// Woken when the engine says another process changed quotes: the index refresher runs at once.
    let wakeUps: WakeUps
    let close: @Sendable () async throws -> Void

    static func open(_ location: String, logger: Logger, metrics: ServerMetrics) async throws -> ServedStore {
        if PostgresLocation.isURL(location) {
            let database = try await PostgresAppDatabase.open(try PostgresLocation(url: location), logger: logger)
            logger.info("database ready", metadata: ["url": "\(database.location)"])
            let store = PostgresQuoteStore(database: database, metrics: metrics)
            let wakeUps = WakeUps()
            let listener = PostgresChangeListener(database: database, index: store.index, wakeUps: wakeUps)
            return ServedStore(store: store, index: store.index, services: [listener], wakeUps: wakeUps, close: { await database.close() })
        }
        // A restore or backup killed halfway leaves its temporary file (up to the database's size) beside it.
        let databaseFolder = URL(fileURLWithPath: location).deletingLastPathComponent().path
        for removed in AtomicFile.removeStaleTemporaries(in: databaseFolder, includingOwn: true) {
            logger.info("removed a temporary file left by a stopped quotegen", metadata: ["path": "\(removed)"])
        }
        let database = try AppDatabase.open(path: location)
        logger.info("database ready", metadata: ["path": "\(location)"])
        for extra in database.schemaExtras {
            logger.warning("database schema has an object quotegen does not manage", metadata: ["path": "\(location)", "object": "\(extra)"])
        }
        let store = SQLiteQuoteRepository(database: database, metrics: metrics)
        let fileWatch = DatabaseFileWatch(database: database, interval: .seconds(1), logger: logger)
        return ServedStore(store: store, index: store.index, services: [fileWatch], wakeUps: WakeUps(), close: database.close)
    }
}
