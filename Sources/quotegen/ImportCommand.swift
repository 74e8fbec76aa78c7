import ArgumentParser
import Foundation
import QuotegenFiles
import QuotegenRuntime
import QuotegenTransfer

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the quotes of a txt, jsonl or csv file; texts already stored are skipped.",
        discussion: """
            Rows are validated like API input; a malformed row is reported with its line number and the rest \
            are imported (exit 0), unless --strict. Safe while a server runs: it serves the new quotes within a second.
            """
    )

    @Argument(help: "The file to import.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    @Option(help: "txt, jsonl or csv. [default: from the file's extension]")
    var format: TransferFormat?

    @Flag(help: "Bring back deleted quotes whose text is in the file (by default they stay deleted).")
    var revive = false

    @Flag(help: "Import nothing if any row is invalid.")
    var strict = false

    func run() async throws {
        try await runCommand { command in
            guard let format = format ?? TransferFormat(fileName: file) else {
                throw TransferError("cannot tell the format of \(file) from its extension; pass --format txt, jsonl or csv")
            }
            guard let contents = FileManager.default.contents(atPath: file) else { throw FileError("cannot read \(file)") }
            let progress = ProgressReporter(label: "importing")
            let report = try await command.withStore(database) { opened in
                try await QuoteImporter(store: opened.store).importFile(
                    contents, format: format, revive: revive, strict: strict, progress: progress.update
                )
            }
            progress.finish()
            for rejection in report.rejections {
                FileHandle.standardError.write(Data("\(file): \(rejection)\n".utf8))
            }
            print(
                "added \(report.added), revived \(report.revived), skipped \(report.alreadyStored) already stored, "
                    + "rejected \(report.rejections.count)"
            )
        }
    }
}
