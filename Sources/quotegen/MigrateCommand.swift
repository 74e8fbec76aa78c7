import ArgumentParser
import Foundation
import QuotegenApp

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations to the database, then exit."
    )

    @Option(help: "SQLite database file. [env: QUOTEGEN_DB, default: \(ServerSettings.defaultDatabasePath)]")
    var db: String?

    func run() async throws {
        try await reportingUserErrors {
            let path = ServerSettings.resolveDatabasePath(db, environment: ProcessInfo.processInfo.environment)
            let database = try AppDatabase.open(path: path)
            try database.close()
            print("database \(path) is up to date")
        }
    }
}
