import ArgumentParser
import Foundation
import QuotegenApp

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every live quote, in id order, to a file or standard output.",
        discussion: "txt is the seed format, so `quotegen export --format txt > seed/quotes.txt` round-trips. Safe while a server runs."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "txt (one quote per line), jsonl or csv. [default: from --output's extension, else txt]")
    var format: TransferFormat?

    @Option(help: "File to write; it is replaced only once complete. [default: standard output]")
    var output: String?

    func run() async throws {
        try await reportingUserErrors {
            let environment = ProcessInfo.processInfo.environment
            _ = try LoggingSetup.bootstrap(environment: environment)
            let format = format ?? output.flatMap(TransferFormat.init(fileName:)) ?? .txt
            let store = try AppDatabase.open(path: ServerSettings.resolveDatabasePath(database.db, environment: environment))
            defer { try? store.close() }
            let exporter = QuoteExporter(repository: SQLiteQuoteRepository(database: store))
            let count: Int
            if let output {
                var written = 0
                try await AtomicFile.replace(output) { temporary in
                    guard FileManager.default.createFile(atPath: temporary, contents: nil),
                          let file = FileHandle(forWritingAtPath: temporary) else {
                        throw FileError("cannot create \(temporary)")
                    }
                    defer { try? file.close() }
                    written = try await exporter.export(format: format) { chunk in try file.write(contentsOf: chunk) }
                }
                count = written
            } else {
                count = try await exporter.export(format: format) { chunk in try FileHandle.standardOutput.write(contentsOf: chunk) }
            }
            FileHandle.standardError.write(Data("exported \(count) quotes as \(format.rawValue)\(output.map { " to \($0)" } ?? "")\n".utf8))
        }
    }
}

extension TransferFormat: ExpressibleByArgument {}
