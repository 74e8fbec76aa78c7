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
            let path = command.databasePath(database)
            try OpenStore.open(path).close()
            print("database \(path) is up to date")
        }
    }
}
