import ArgumentParser
import Foundation
import QuotegenServer

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup, atomically. Stop the server first.",
        discussion: "SRC must pass PRAGMA integrity_check and be of a schema this build knows; an older one is migrated when next opened."
    )

    @Argument(help: "The backup to restore.")
    var source: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runCommand { command in
            let path = command.databasePath(database)
            let report = try await OpenStore.restore(from: source, to: path)
            print("restored \(report.liveQuotes) live quotes from \(source) into \(path)")
        }
    }
}
