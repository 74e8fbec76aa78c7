import ArgumentParser
import Foundation
import QuotegenApp

@main
struct Quotegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotegen",
        abstract: "A persistent quote store with an admin API.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, SeedCommand.self, ImportCommand.self, ExportCommand.self,
            BackupCommand.self, RestoreCommand.self, HealthcheckCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}

/// Runs `body`, turning the errors a user can fix into one line on standard error and exit code 1.
/// Queued log lines are written out before it returns or exits.
func reportingUserErrors(_ body: () async throws -> Void) async throws {
    defer { LogOutput.standardError.flush() }
    do {
        try await body()
    } catch let error as any UserFacingError {
        fail(error.description)
    }
}

private func fail(_ message: String) -> Never {
    LogOutput.standardError.flush()
    FileHandle.standardError.write(Data("quotegen: \(message)\n".utf8))
    exit(1)
}
