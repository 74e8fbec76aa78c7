import Logging
import Foundation
import Testing
@testable import QuotegenCore
@testable import QuotegenFiles
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenSQLite
@testable import QuotegenTransfer

@Suite(.timeLimit(.minutes(1))) struct SeedFileTests {
    @Test func readsLinesLikeTheOriginalService() {
        let file = SeedFile(contents: Data("\u{FEFF}  First quote.  \n\n   \r\nSecond\tquote.\r\n\tThird.".utf8))
        #expect(file.texts == ["First quote.", "Second\tquote.", "Third."])
        #expect(file.rejections.isEmpty)
    }

    @Test func skipsLinesWithControlCharacters() {
        let file = SeedFile(contents: Data("Fine\n\u{0}NUL first\nTab\tis fine\n".utf8))
        #expect(file.texts == ["Fine", "Tab\tis fine"])
        #expect(file.rejections == [.init(line: 2, reason: "quote contains the control character U+0000 at code point 1")])
    }

    @Test func skipsInvalidUTF8AndOverlongLinesNamingTheirLineNumbers() {
        var contents = Data("Good one\n".utf8)
        contents.append(contentsOf: [0x42, 0xFF, 0x0A])  // line 2: invalid UTF-8
        contents.append(Data((String(repeating: "y", count: 1001) + "\n").utf8))  // line 3: too long
        contents.append(Data((String(repeating: "z", count: 1000) + "\nLast").utf8))
        let file = SeedFile(contents: contents)
        #expect(file.texts == ["Good one", String(repeating: "z", count: 1000), "Last"])
        #expect(file.rejections.map(\.line) == [2, 3])
        #expect(file.rejections[0].reason == "not valid UTF-8")
        #expect(file.rejections[1].reason.contains("1001 characters"))
    }
}

@Suite(.timeLimit(.minutes(1))) struct SeedFileAbuseTests {
    @Test func aBinaryFileIsRefusedAsAWholeNotServedLineByLine() {
        var generator = SplitMix(seed: 15)  // fixed: the same "random" file on every run
        let binary = Data((0..<16_384).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        #expect(SeedFile(contents: binary).refusal != nil)
        var withoutNUL = binary
        for index in withoutNUL.indices where withoutNUL[index] == 0 { withoutNUL[index] = 1 }
        let file = SeedFile(contents: withoutNUL)
        #expect(file.refusal?.contains("lines are not valid quotes") == true, "\(file.texts.count) valid of \(file.rejections.count + file.texts.count)")
        #expect(SeedFile(contents: Data("Fine\nAlso\u{0}\n".utf8)).refusal == "it contains NUL bytes, so it is not a text file")
        #expect(SeedFile(contents: Data("Fine\nAlso fine\n\u{7}bad\n".utf8)).refusal == nil)
    }

    @Test func aHugeLineIsRejectedWithoutBeingHeldAndTheRestIsRead() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "seed.txt").path
            var contents = Data("Before\n".utf8)
            contents.append(Data(repeating: UInt8(ascii: "q"), count: 3_000_000))
            contents.append(Data("\nAfter\n".utf8))
            try contents.write(to: URL(fileURLWithPath: path))
            let file = try SeedFile.read(path: path).file
            #expect(file.texts == ["Before", "After"])
            #expect(file.rejections == [.init(line: 2, reason: "line is longer than 65536 bytes")])
        }
    }

    @Test func aFIFOOrFolderAsTheSeedPathIsRefusedWithoutBeingOpened() async throws {
        try await withSeededStore(lines: []) { store in
            let fifo = store.importer.path + ".fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            let importer = SeedImporter(path: fifo, store: store.importer.store, logger: Logger(label: "test"))
            await #expect(throws: SeedFileRefused(path: fifo, reason: "it is a FIFO, not a regular file")) { try await importer.importFile() }
        }
    }

    @Test func aServerGivenAFIFOAsItsSeedWarnsOnceAndServes() async throws {
        try await withTemporaryDirectory { folder in
            let fifo = folder.appending(path: "seed.fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let (server, port) = try await ServerProcess.serve(database: folder.appending(path: "q.sqlite").path, seed: fifo, folder: folder)
            #expect(try await liveRequest(port: port, .get, "/healthz").status == .ok)
            try await Task.sleep(for: .seconds(1.5))  // three polls of the seed file
            server.send(SIGTERM)
            #expect(try await server.exitStatus() == 0)
            #expect(server.log.components(separatedBy: "seed file refused").count - 1 == 1, "\(server.log)")
            #expect(!server.log.contains("error"))
        }
    }
}

@Suite(.timeLimit(.minutes(1))) struct SeedImportTests {
    @Test func importIsIdempotentAcrossRuns() async throws {
        try await withSeededStore(lines: ["A", "B", "A", "C"]) { store in
            let first = try #require(try await store.importer.importFile())
            #expect(first == SeedImportReport(added: 3, alreadyStored: 1, rejected: 0))
            // Unchanged since: skipped, by its size and time or, for a file written just now, by its content.
            for _ in 0..<3 {
                let again = try #require(try await store.importer.importFile())
                #expect(again == SeedImportReport(added: 0, alreadyStored: 0, rejected: 0, unchanged: true))
            }
            #expect(try await store.liveTexts() == ["A", "B", "C"])
        }
    }

    @Test func anUnchangedSeedFileIsSkippedAndAnyChangeOfItIsImported() async throws {
        try await withSeededStore(lines: ["One", "Two"]) { store in
            let path = store.importer.path
            #expect(try await store.importer.importFile()?.added == 2)
            // Old enough that its time is trusted: skipped after one stat, even if the content was swapped behind
            // an unchanged size and time (what the fingerprint trusts, by design).
            let old = timespec(tv_sec: 1_700_000_000, tv_nsec: 0)
            #expect(utimensat(AT_FDCWD, path, [old, old], 0) == 0)
            #expect(try await store.importer.importFile()?.unchanged == true)   // records the trusted time
            #expect(try await store.importer.importFile()?.unchanged == true)
            // The same content with a new time (touched): skipped by its content.
            #expect(utimensat(AT_FDCWD, path, nil, 0) == 0)
            #expect(try await store.importer.importFile()?.unchanged == true)
            // A line of the same length, written at once: imported.
            try store.write(lines: ["One", "Six"])
            #expect(try await store.importer.importFile()?.added == 1)
            try store.write(lines: ["One", "Six", "Seven"])
            #expect(try await store.importer.importFile()?.added == 1)
            #expect(try await store.liveTexts() == ["One", "Two", "Six", "Seven"])
        }
    }

    @Test func aDeletedQuoteNeverComesBackFromSeeding() async throws {
        try await withSeededStore(lines: ["Keep", "Delete me"]) { store in
            try await store.importer.importFile()
            let doomed = try #require(try await store.repository.quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 10).first { $0.text == "Delete me" })
            try await store.repository.delete(id: doomed.id, by: "test") { _ in }
            try await store.importer.importFile()
            #expect(try await store.liveTexts() == ["Keep"])
            // Only an explicit API write brings it back.
            _ = try await store.repository.create(try QuoteContent(text: "Delete me", author: nil, tags: []), by: "test")
            #expect(try await store.liveTexts() == ["Keep", "Delete me"])
        }
    }

    @Test func removingALineDeletesNothing() async throws {
        try await withSeededStore(lines: ["One", "Two"]) { store in
            try await store.importer.importFile()
            try store.write(lines: ["Two"])
            try await store.importer.importFile()
            #expect(try await store.liveTexts() == ["One", "Two"])
        }
    }

    @Test func aMissingSeedFileImportsNothing() async throws {
        try await withSeededStore(lines: []) { store in
            try FileManager.default.removeItem(atPath: store.importer.path)
            #expect(try await store.importer.importFile() == nil)
        }
    }

    @Test func badLinesAreSkippedAndTheRestImported() async throws {
        try await withSeededStore(lines: ["Fine", String(repeating: "x", count: 1001), "Also fine"]) { store in
            let report = try #require(try await store.importer.importFile())
            #expect(report == SeedImportReport(added: 2, alreadyStored: 0, rejected: 1))
        }
    }

    @Test func theWatcherImportsLinesAddedWhileServing() async throws {
        try await withSeededStore(lines: ["Start"]) { store in
            let fingerprint = FileFingerprint(path: store.importer.path)
            try await store.importer.importFile()
            let watcher = SeedWatcher(
                importer: store.importer, interval: .milliseconds(100), logger: Logger(label: "test"), initialFingerprint: fingerprint
            )
            let watching = Task { try await watcher.run() }
            defer { watching.cancel() }
            try store.write(lines: ["Start", "Added live"])
            #expect(try await eventually { try await store.liveTexts() == ["Start", "Added live"] })
            // An edit that replaces the file (new inode) is seen too.
            let replacement = store.importer.path + ".new"
            try Data("Start\nAdded live\nReplaced\n".utf8).write(to: URL(fileURLWithPath: replacement))
            _ = rename(replacement, store.importer.path)
            #expect(try await eventually { try await store.liveTexts() == ["Start", "Added live", "Replaced"] })
        }
    }
}

/// A temporary store with a seed file beside it.
struct SeededStore {
    let repository: SQLiteQuoteRepository
    let importer: SeedImporter

    func write(lines: [String]) throws {
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: importer.path))
    }

    func liveTexts() async throws -> [String] {
        try await repository.quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 1000).map(\.text)
    }
}

func withSeededStore(lines: [String], _ body: (SeededStore) async throws -> Void) async throws {
    try await withTemporaryDirectory { folder in
        let database = try AppDatabase.open(path: folder.appending(path: "quotes.sqlite").path)
        defer { try? database.close() }
        let repository = SQLiteQuoteRepository(database: database)
        let importer = SeedImporter(path: folder.appending(path: "quotes.txt").path, store: repository, logger: Logger(label: "test"))
        let store = SeededStore(repository: repository, importer: importer)
        try store.write(lines: lines)
        try await body(store)
    }
}

/// Polls `condition` every 50 ms until it holds, for at most `seconds` (a bound, not a timing assertion).
func eventually(seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
