import Logging
import ServiceLifecycle
import QuotegenRuntime
import QuotegenSQLite

/// Checks every `interval` that the database path still names the file the server has open, and logs one
/// error when it stops doing so (deleted, or replaced by a copy or a rename): writes and `/readyz` answer 503
/// from then on, and the log says why before anyone asks.
struct DatabaseFileWatch: Service {
    let database: AppDatabase
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var reported = false
        await poll(every: interval) {
            let inPlace = database.fileIsInPlace
            if !inPlace && !reported {
                logger.error(
                    "database file deleted or replaced; refusing writes until restarted",
                    metadata: ["path": "\(database.path)"]
                )
            }
            reported = !inPlace
        }
    }
}
