import ArgumentParser
import Foundation
import QuotegenFiles
import QuotegenRuntime
import QuotegenTransfer

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every live quote, in id order, to a file or standard output.",
        discussion: """
            txt is the seed format, so `quotegen export --format txt > seed/quotes.txt` round-trips. Safe while a server \
            runs; the database is opened read-only, so a read-only file or folder is fine.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "txt (one quote per line), jsonl or csv. [default: from --output's extension, else txt]")
    var format: TransferFormat?

    @Option(help: "Regular file to write, replaced only once complete (keeping its permissions); - for standard output. [default: standard output]")
    var output: String?

    func run() async throws {
        try await runCommand { command in
            let format = try TransferFormat.forExport(explicit: format, output: output)
            let file = output == "-" ? nil : output
            if let file { try ExportDestination.check(file) }
            let count = try await command.withStore(database, readOnly: true) { opened in
                try await write(QuoteExporter(store: opened.store), format: format, to: file)
            }
            FileHandle.standardError.write(Data("exported \(count) quotes as \(format.rawValue)\(file.map { " to \($0)" } ?? "")\n".utf8))
        }
    }

    /// To `file` through a temporary file that replaces it once complete, or to standard output.
    private func write(_ exporter: QuoteExporter, format: TransferFormat, to file: String?) async throws -> Int {
        guard let file else {
            return try await exporter.export(format: format) { chunk in try FileHandle.standardOutput.write(contentsOf: chunk) }
        }
        var written = 0
        try await AtomicFile.replace(file) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary) else {
                throw FileError("cannot create \(temporary)")
            }
            defer { try? handle.close() }
            written = try await exporter.export(format: format) { chunk in try handle.write(contentsOf: chunk) }
        }
        return written
    }
}

extension TransferFormat: ExpressibleByArgument {}
