import ArgumentParser
import Foundation
import QuotegenServer

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations to the database, then exit."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runCommand { command in
            let location = try await command.withStore(database) { $0.description }
            print("database \(location) is up to date")
        }
    }
}
