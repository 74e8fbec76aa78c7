import ArgumentParser
import QuotegenServer

/// Where the server listens (`serve`) or is probed (`healthcheck`).
struct ListenOptions: ParsableArguments {
    @Option(help: "Address to listen on. [env: QUOTEGEN_HOST, default: \(ServerSettings.defaultHost)]")
    var host: String?

    @Option(help: "Port to listen on (0 picks a free one). [env: QUOTEGEN_PORT, default: \(ServerSettings.defaultPort)]")
    var port: Int?
}

struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database file. [env: QUOTEGEN_DB, default: \(ServerSettings.defaultDatabasePath)]")
    var db: String?
}

struct SeedFileOptions: ParsableArguments {
    @Option(help: "Seed file, one quote per line. [env: QUOTEGEN_SEED, default: \(ServerSettings.defaultSeedPath)]")
    var seed: String?
}
