import Foundation
import Testing
@testable import QuotegenTransfer

@Suite(.timeLimit(.minutes(1))) struct ExportDestinationTests {
    @Test func theFormatComesFromTheNameOrIsGivenAndTheTwoMustAgree() throws {
        #expect(try TransferFormat.forExport(explicit: nil, output: nil) == .txt)
        #expect(try TransferFormat.forExport(explicit: nil, output: "-") == .txt)
        #expect(try TransferFormat.forExport(explicit: .csv, output: "-") == .csv)
        #expect(try TransferFormat.forExport(explicit: nil, output: "q.jsonl") == .jsonl)
        #expect(try TransferFormat.forExport(explicit: .jsonl, output: "q.data") == .jsonl)
        #expect(throws: TransferError("cannot tell the format of q.json from its extension; name it .txt, .jsonl or .csv, or pass --format")) {
            try TransferFormat.forExport(explicit: nil, output: "q.json")
        }
        #expect(throws: TransferError("--format csv does not match the name q.jsonl, which says jsonl")) {
            try TransferFormat.forExport(explicit: .csv, output: "q.jsonl")
        }
    }

    @Test func onlyARegularFileOrANewPathIsAnExportDestination() async throws {
        // Only checked, never written: the check is what keeps a device from being replaced.
        #expect(throws: TransferError.self) { try ExportDestination.check("/dev/null") }
        try await withTemporaryDirectory { folder in
            let fifo = folder.appending(path: "pipe").path
            #expect(mkfifo(fifo, 0o600) == 0)
            #expect(throws: TransferError("--output \(fifo) is a FIFO; give a regular file, or - (or no --output) for standard output")) {
                try ExportDestination.check(fifo)
            }
            #expect(throws: TransferError.self) { try ExportDestination.check(folder.path) }
            try ExportDestination.check(folder.appending(path: "new.txt").path)
            let existing = folder.appending(path: "old.txt").path
            #expect(FileManager.default.createFile(atPath: existing, contents: Data()))
            try ExportDestination.check(existing)
        }
    }
}
