import ArgumentParser
import Foundation
import Logging
import QuotegenApp

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Import the seed file once: add every line not stored before, then exit."
    )

    @Option(help: "SQLite database file. [env: QUOTEGEN_DB, default: \(ServerSettings.defaultDatabasePath)]")
    var db: String?

    @Option(help: "Seed file, one quote per line. [env: QUOTEGEN_SEED, default: \(ServerSettings.defaultSeedPath)]")
    var seed: String?

    func run() async throws {
        try await reportingUserErrors {
            let environment = ProcessInfo.processInfo.environment
            let logger = try LoggingSetup.bootstrap(environment: environment)
            let databasePath = ServerSettings.resolveDatabasePath(db, environment: environment)
            let seedPath = ServerSettings.resolveSeedPath(seed, environment: environment)
            let database = try AppDatabase.open(path: databasePath)
            defer { try? database.close() }
            let importer = SeedImporter(path: seedPath, repository: SQLiteQuoteRepository(database: database), logger: logger)
            guard let report = try await importer.importFile() else {
                throw ValidationError("no seed file at \(seedPath)")
            }
            print("added \(report.added), skipped \(report.alreadyStored + report.rejected) (\(report.alreadyStored) already stored, \(report.rejected) invalid)")
        }
    }
}
