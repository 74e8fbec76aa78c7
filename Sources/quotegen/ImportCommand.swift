import ArgumentParser
import Foundation
import QuotegenFiles
import QuotegenRuntime
import QuotegenTransfer

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the quotes of a txt, jsonl or csv file, or of Quotable's data; texts already stored are skipped.",
        discussion: """
            Rows are validated like API input; a malformed row is reported with its line number and the rest \
            are imported (exit 0), unless --strict. Safe while a server runs: it serves the new quotes within a second. \
            --format quotable reads Quotable's JSON (an array of its quotes; --authors names an array of its authors) \
            and keeps its _ids, slugs, tags and dates; a quote whose _id is stored already is skipped.
            """
    )

    @Argument(help: "The file to import.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    @Option(help: "txt, jsonl, csv or quotable. [default: from the file's extension]")
    var format: ImportFormat?

    @Option(help: ArgumentHelp("With --format quotable: Quotable's authors (a JSON array), for their ids, slugs and profiles.", valueName: "file"))
    var authors: String?

    @Flag(help: "Bring back deleted quotes whose text is in the file (by default they stay deleted).")
    var revive = false

    @Flag(help: "Import nothing if any row is invalid.")
    var strict = false

    func run() async throws {
        try await runCommand { command in
            guard let format = format ?? TransferFormat(fileName: file).map(ImportFormat.init) else {
                throw TransferError("cannot tell the format of \(file) from its extension; pass --format txt, jsonl, csv or quotable")
            }
            if authors != nil, format != .quotable { throw TransferError("--authors goes with --format quotable") }
            if revive, format == .quotable { throw TransferError("--revive does not go with --format quotable: a deleted quote stays deleted") }
            guard let contents = FileManager.default.contents(atPath: file) else { throw FileError("cannot read \(file)") }
            let authorsFile = try authors.map { path in
                guard let data = FileManager.default.contents(atPath: path) else { throw FileError("cannot read \(path)") }
                return data
            }
            let progress = ProgressReporter(label: "importing")
            let report = try await command.withStore(database) { opened in
                switch format.transfer {
                case let transfer?:
                    try await QuoteImporter(store: opened.store).importFile(
                        contents, format: transfer, revive: revive, strict: strict, progress: progress.update
                    )
                case nil:
                    try await QuotableImporter(store: opened.store).importFiles(
                        quotes: contents, authors: authorsFile, strict: strict, progress: progress.update
                    )
                }
            }
            progress.finish()
            for rejection in report.rejections {
                FileHandle.standardError.write(Data("\(file): \(rejection)\n".utf8))
            }
            for rejection in report.authorRejections {
                FileHandle.standardError.write(Data("\(authors ?? ""): \(rejection)\n".utf8))
            }
            print(
                "added \(report.added), revived \(report.revived), skipped \(report.alreadyStored) already stored, "
                    + "rejected \(report.rejections.count + report.authorRejections.count)"
            )
        }
    }
}

/// What `quotegen import` reads: the transfer formats, or Quotable's data.
enum ImportFormat: String, ExpressibleByArgument {
    case txt, jsonl, csv, quotable

    init(_ transfer: TransferFormat) { self.init(rawValue: transfer.rawValue)! }

    var transfer: TransferFormat? { TransferFormat(rawValue: rawValue) }
}
