import ArgumentParser
import Foundation
import QuotegenServer
import QuotegenTransfer

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every quote (ids, timestamps, revisions and tombstones kept) from one store to another.",
        discussion: """
            Either store may be a SQLite file's path or a postgres:// URL: quotegen copy --from data/quotes.sqlite \
            --to postgres://quotegen@db/quotegen moves a SQLite store to PostgreSQL. Stop the servers that write to \
            either store first. The copy is checked by count and SHA-256 at the end.
            """
    )

    @Option(help: "The store to copy from (a path or a postgres:// URL).")
    var from: String

    @Option(help: "The store to copy into (a path or a postgres:// URL); created and migrated if needed.")
    var to: String

    @Flag(help: "Remove everything the destination holds first (by default a destination with quotes is refused).")
    var replace = false

    func run() async throws {
        try await runCommand { command in
            guard from != to else { throw ValidationError("--from and --to name the same store") }
            let progress = ProgressReporter(label: "copying")
            let (report, target) = try await OpenStore.with(from, readOnly: true, environment: command.environment) { source in
                try await OpenStore.with(to, environment: command.environment) { destination in
                    let report = try await QuoteCopier(from: source.store, to: destination.store)
                        .copy(replace: replace, progress: progress.update)
                    return (report, destination.description)
                }
            }
            progress.finish()
            print("copied \(report.rows) quotes (\(report.tombstones) deleted) and \(report.authors) authors to \(target); count and checksum verified (sha256 \(report.checksum.prefix(16)))")
        }
    }
}
