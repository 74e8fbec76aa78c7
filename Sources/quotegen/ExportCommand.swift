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
        try await runCommand { command in
            let format = format ?? output.flatMap(TransferFormat.init(fileName:)) ?? .txt
            let count = try await command.withDatabase(database) { store in
                try await write(QuoteExporter(repository: SQLiteQuoteRepository(database: store)), format: format)
            }
            FileHandle.standardError.write(Data("exported \(count) quotes as \(format.rawValue)\(output.map { " to \($0)" } ?? "")\n".utf8))
        }
    }

    /// To `--output` through a temporary file that replaces it once complete, or to standard output.
    private func write(_ exporter: QuoteExporter, format: TransferFormat) async throws -> Int {
        guard let output else {
            return try await exporter.export(format: format) { chunk in try FileHandle.standardOutput.write(contentsOf: chunk) }
        }
        var written = 0
        try await AtomicFile.replace(output) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let file = FileHandle(forWritingAtPath: temporary) else {
                throw FileError("cannot create \(temporary)")
            }
            defer { try? file.close() }
            written = try await exporter.export(format: format) { chunk in try file.write(contentsOf: chunk) }
        }
        return written
    }
}

extension TransferFormat: ExpressibleByArgument {}
