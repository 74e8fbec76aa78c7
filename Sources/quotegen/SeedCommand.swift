import ArgumentParser
import Foundation
import QuotegenTransfer
import QuotegenServer

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Import the seed file once: add every line not stored before, then exit."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var seedFile: SeedFileOptions

    func run() async throws {
        try await runCommand { command in
            let seedPath = ServerSettings.resolveSeedPath(seedFile.seed, environment: command.environment)
            let report = try await command.withStore(database) { opened in
                try await SeedImporter(path: seedPath, store: opened.store, logger: command.logger).importFile()
            }
            guard let report else { throw ValidationError("no seed file at \(seedPath)") }
            if report.unchanged {
                print("seed file unchanged since its last import: nothing to add")
                return
            }
            print("added \(report.added), skipped \(report.alreadyStored + report.rejected) (\(report.alreadyStored) already stored, \(report.rejected) invalid)")
        }
    }
}
