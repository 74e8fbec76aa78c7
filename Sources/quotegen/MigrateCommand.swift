import ArgumentParser
import Foundation
import QuotegenApp

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations to the database, then exit."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runCommand { command in
            let path = command.databasePath(database)
            try AppDatabase.open(path: path).close()
            print("database \(path) is up to date")
        }
    }
}
