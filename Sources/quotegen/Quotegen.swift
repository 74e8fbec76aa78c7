import ArgumentParser
import Foundation
import Logging
import QuotegenCore
import QuotegenRuntime
import QuotegenServer

@main
struct Quotegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotegen",
        abstract: "A persistent quote store with an admin API.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, SeedCommand.self, ImportCommand.self, ExportCommand.self,
            BackupCommand.self, RestoreCommand.self, CopyCommand.self, TokenCommand.self, HealthcheckCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}

/// What every command starts from: the environment, and the logger bootstrapped from it.
struct CommandContext {
    let environment: [String: String]
    let logger: Logger

    func databasePath(_ options: DatabaseOptions) -> String {
        ServerSettings.resolveDatabasePath(options.db, environment: environment)
    }

    /// Opens the store `options` name for the length of `body` (`readOnly`: an existing one, never written).
    func withStore<T>(_ options: DatabaseOptions, readOnly: Bool = false, _ body: (OpenStore) async throws -> T) async throws -> T {
        try await OpenStore.with(databasePath(options), readOnly: readOnly, environment: environment, body)
    }
}

/// Runs a command: bootstraps logging from the environment, turns the errors a user can fix into one line on
/// standard error and exit code 1, and writes out queued log lines before it returns or exits.
func runCommand(_ body: (CommandContext) async throws -> Void) async throws {
    defer { LogOutput.standardError.flush() }
    do {
        let environment = ProcessInfo.processInfo.environment
        let logger = try LoggingSetup.bootstrap(environment: environment)
        try await body(CommandContext(environment: environment, logger: logger))
    } catch let error as any UserFacingError {
        fail(error.description)
    } catch let error where DiskFull.matches(error) {
        fail("the disk is full; nothing was written (\(DiskFull.cause(of: error)))")
    }
}

private func fail(_ message: String) -> Never {
    LogOutput.standardError.flush()
    FileHandle.standardError.write(Data("quotegen: \(message)\n".utf8))
    exit(1)
}
