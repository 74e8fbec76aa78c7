import ArgumentParser
import Foundation
import QuotegenApp

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Import the seed file once: add every line not stored before, then exit."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var seedFile: SeedFileOptions

    func run() async throws {
        try await reportingUserErrors {
            let environment = ProcessInfo.processInfo.environment
            let logger = try LoggingSetup.bootstrap(environment: environment)
            let databasePath = ServerSettings.resolveDatabasePath(database.db, environment: environment)
            let seedPath = ServerSettings.resolveSeedPath(seedFile.seed, environment: environment)
            let store = try AppDatabase.open(path: databasePath)
            defer { try? store.close() }
            let importer = SeedImporter(path: seedPath, repository: SQLiteQuoteRepository(database: store), logger: logger)
            guard let report = try await importer.importFile() else {
                throw ValidationError("no seed file at \(seedPath)")
            }
            print("added \(report.added), skipped \(report.alreadyStored + report.rejected) (\(report.alreadyStored) already stored, \(report.rejected) invalid)")
        }
    }
}
