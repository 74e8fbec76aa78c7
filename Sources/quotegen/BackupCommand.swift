import ArgumentParser
import Foundation
import QuotegenServer

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to DEST, while a server keeps running.",
        discussion: "The copy is checked (PRAGMA integrity_check) and synced before it is renamed to DEST; DEST is never left partial."
    )

    @Argument(help: "Where to write the copy.")
    var destination: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runCommand { command in
            let report = try await OpenStore.backup(command.databasePath(database), to: destination, environment: command.environment)
            print("backed up \(report.liveQuotes) live quotes to \(report.path) (\(report.bytes) bytes), integrity ok")
        }
    }
}
