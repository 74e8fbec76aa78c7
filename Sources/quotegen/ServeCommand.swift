import ArgumentParser
import Foundation
import QuotegenApp

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the quote API (the default command).",
        discussion: "Each option falls back to its QUOTEGEN_* environment variable, then to its default."
    )

    @Option(help: "Address to listen on. [env: QUOTEGEN_HOST, default: \(ServerSettings.defaultHost)]")
    var host: String?

    @Option(help: "Port to listen on (0 picks a free one). [env: QUOTEGEN_PORT, default: \(ServerSettings.defaultPort)]")
    var port: Int?

    @Option(help: "SQLite database file. [env: QUOTEGEN_DB, default: \(ServerSettings.defaultDatabasePath)]")
    var db: String?

    @Option(help: "Seed file, one quote per line. [env: QUOTEGEN_SEED, default: \(ServerSettings.defaultSeedPath)]")
    var seed: String?

    func run() async throws {
        try await reportingUserErrors {
            let environment = ProcessInfo.processInfo.environment
            let logger = try LoggingSetup.bootstrap(environment: environment)
            let settings = try ServerSettings.resolve(
                host: host, port: port, databasePath: db, seedPath: seed, environment: environment
            )
            try await QuotegenServer.run(settings: settings, logger: logger)
        }
    }
}
