import Foundation
import Synchronization
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite
@testable import QuotegenTransfer

/// Import and export through the library, on temporary databases.
@Suite(.timeLimit(.minutes(1))) struct TransferTests {
    /// Tricky content for every format: commas, quotes, a line break, Unicode, no author, several tags.
    static let tricky: [QuoteContent] = [
        try! QuoteContent(text: "Plain", author: nil, tags: []),
        try! QuoteContent(text: #"She said "yes", then "no""#, author: "O'Hara, Scarlett", tags: ["film", "south"]),
        try! QuoteContent(text: "Line one\nline two", author: "Ünïcødé 字", tags: ["multi-line"]),
        try! QuoteContent(text: "Trailing, comma,", author: "A", tags: ["x"]),
    ]

    private func withStore(_ engine: TestEngine, _ body: (any QuoteStore) async throws -> Void) async throws {
        try await engine.withStore { store, _ in try await body(store) }
    }

    private func export(_ repository: any QuoteStore, _ format: TransferFormat) async throws -> Data {
        let output = Mutex(Data())
        try await QuoteExporter(store: repository).export(format: format) { chunk in output.withLock { $0.append(chunk) } }
        return output.withLock { $0 }
    }

    private func contents(_ repository: any QuoteStore) async throws -> [QuoteContent] {
        try await repository.quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 100).map(\.content)
    }

    @Test(arguments: TestEngine.all, [TransferFormat.jsonl, .csv])
    func exportThenImportRoundTripsTextAuthorAndTags(engine: TestEngine, format: TransferFormat) async throws {
        try await withStore(engine) { source in
            _ = try await source.addQuotes(Self.tricky, source: .api)
            let file = try await export(source, format)
            try await withStore(engine) { target in
                let report = try await QuoteImporter(store: target).importFile(file, format: format, revive: false, strict: false)
                #expect(report.added == Self.tricky.count)
                #expect(report.rejections == [])
                #expect(try await contents(target) == Self.tricky)
            }
        }
    }

    @Test(arguments: TestEngine.all) func exportsCarryAuthorSlugsAndExportsFromBeforeSlugsStillImport(engine: TestEngine) async throws {
        try await withStore(engine) { source in
            _ = try await source.addQuotes(Self.tricky, source: .api)
            let csv = String(decoding: try await export(source, .csv), as: UTF8.self)
            #expect(csv.hasPrefix("id,quote,author,author_slug,tags,source,created_at,updated_at\r\n") || csv.hasPrefix("id,quote,author,author_slug,tags,source,created_at,updated_at\n"))
            #expect(csv.contains(",\"O'Hara, Scarlett\",o-hara-scarlett,"), "\(csv)")
            let jsonl = String(decoding: try await export(source, .jsonl), as: UTF8.self)
            #expect(jsonl.contains(#""author_slug":"unic-de""#), "ø and 字 have no ASCII letter inside: they separate")
            #expect(jsonl.contains(#""author_slug":null"#))
        }
        try await withStore(engine) { target in
            let oldCSV = Data("id,quote,author,tags,source,created_at,updated_at\n1,Old csv,Ann,,api,2025-01-01T00:00:00.000Z,2025-01-01T00:00:00.000Z\n".utf8)
            let oldJSONL = Data(#"{"author":"Bo","created_at":"2025-01-01T00:00:00.000Z","id":1,"quote":"Old jsonl","source":"api","tags":[],"updated_at":"2025-01-01T00:00:00.000Z"}"#.utf8 + [0x0A])
            for (file, format) in [(oldCSV, TransferFormat.csv), (oldJSONL, .jsonl)] {
                let report = try await QuoteImporter(store: target).importFile(file, format: format, revive: false, strict: true)
                #expect(report.added == 1, "\(format)")
            }
            let slugs = try await target.quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 10).map(\.authorSlug)
            #expect(slugs == ["ann", "bo"])
        }
    }

    @Test(arguments: TestEngine.all) func txtRoundTripsAsTheSeedFormatAndRefusesLineBreaks(engine: TestEngine) async throws {
        try await withStore(engine) { source in
            let oneLine = Self.tricky.filter { !$0.text.contains("\n") }
            _ = try await source.addQuotes(oneLine, source: .api)
            let file = try await export(source, .txt)
            #expect(SeedFile(contents: file).texts == oneLine.map(\.text))
            _ = try await source.addQuotes([Self.tricky[2]], source: .api)
            await #expect(throws: TransferError("quote 4 contains a line break, which txt (one quote per line) cannot hold; use --format jsonl or csv")) {
                _ = try await export(source, .txt)
            }
        }
    }

    @Test(arguments: TestEngine.all) func importIsIdempotentAndLeavesDeletedQuotesDeletedUnlessRevived(engine: TestEngine) async throws {
        try await withStore(engine) { repository in
            let file = Data("{\"quote\": \"Kept\"}\n{\"quote\": \"Gone\", \"author\": \"New author\", \"tags\": [\"back\"]}\n".utf8)
            let importer = QuoteImporter(store: repository)
            #expect(try await importer.importFile(file, format: .jsonl, revive: false, strict: false).added == 2)
            let again = try await importer.importFile(file, format: .jsonl, revive: false, strict: false)
            #expect((again.added, again.alreadyStored) == (0, 2))
            try await repository.delete(id: 2, by: "test") { _ in }
            let stillDeleted = try await importer.importFile(file, format: .jsonl, revive: false, strict: false)
            #expect((stillDeleted.added, stillDeleted.revived, stillDeleted.alreadyStored) == (0, 0, 2))
            #expect(try await repository.quote(id: 2) == nil)
            let revived = try await importer.importFile(file, format: .jsonl, revive: true, strict: false)
            #expect((revived.added, revived.revived, revived.alreadyStored) == (0, 1, 1))
            let back = try #require(try await repository.quote(id: 2))
            #expect(back.author == "New author")
            #expect(back.tags == ["back"])
        }
    }

    @Test(arguments: TestEngine.all) func malformedRowsAreReportedWithTheirLinesAndTheRestImported(engine: TestEngine) async throws {
        try await withStore(engine) { repository in
            let csv = Data("quote,author,tags\nGood one,A,\n\"Open quote,B,\n".utf8)
            let withUnclosed = try await QuoteImporter(store: repository).importFile(csv, format: .csv, revive: false, strict: false)
            #expect(withUnclosed.added == 1)
            #expect(withUnclosed.rejections == [RowRejection(line: 3, reason: "a quoted field is not closed before the end of the file")])

            let jsonl = Data("{\"quote\": \"Fine\"}\n\n[1]\n{\"quote\": \"   \"}\n{\"quote\": \"Tagged\", \"tags\": [\"no spaces allowed\"]}\n{\"quote\": \"Also fine\"}\n".utf8)
            let report = try await QuoteImporter(store: repository).importFile(jsonl, format: .jsonl, revive: false, strict: false)
            #expect(report.added == 2)
            #expect(report.rejections.map(\.line) == [3, 4, 5])
            #expect(report.rejections[1].reason == "quote must not be empty")
        }
    }

    @Test(arguments: TestEngine.all) func strictImportsNothingWhenAnyRowIsInvalid(engine: TestEngine) async throws {
        try await withStore(engine) { repository in
            let file = Data("Good\n\u{7}Bell\nAlso good\n".utf8)
            await #expect(throws: StrictImportError.self) {
                _ = try await QuoteImporter(store: repository).importFile(file, format: .txt, revive: false, strict: true)
            }
            let stored = try await contents(repository)
            #expect(stored == [])
        }
    }

    @Test(arguments: TestEngine.all) func progressIsReportedUpToTheTotal(engine: TestEngine) async throws {
        try await withStore(engine) { repository in
            let file = Data((1...12_000).map { "Quote \($0)" }.joined(separator: "\n").utf8)
            let seen = Mutex<[Int]>([])
            _ = try await QuoteImporter(store: repository).importFile(file, format: .txt, revive: false, strict: false) { done, total in
                #expect(total == 12_000)
                seen.withLock { $0.append(done) }
            }
            #expect(seen.withLock { $0 } == [5000, 10_000, 12_000])
        }
    }

    @Test(arguments: TestEngine.all) func csvHeaderProblemsFailTheWholeFile(engine: TestEngine) async throws {
        try await withStore(engine) { repository in
            let importer = QuoteImporter(store: repository)
            await #expect(throws: TransferError("the CSV header (line 1) has no 'quote' column")) {
                _ = try await importer.importFile(Data("author,tags\nA,b\n".utf8), format: .csv, revive: false, strict: false)
            }
            await #expect(throws: TransferError("the CSV header has an unknown column 'text'; the columns are quote (required), author, tags")) {
                _ = try await importer.importFile(Data("text\nA\n".utf8), format: .csv, revive: false, strict: false)
            }
        }
    }

    @Test(arguments: [1, 2, 3, 7, 50])
    func partsEndAtLineEndsAndNumberTheirFirstLine(count: Int) {
        let text = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let parts = TransferFileReader.lineAlignedParts(Data(text.utf8), count: count)
        #expect(parts.count <= count)
        #expect(parts.reduce(Data()) { $0 + $1.data } == Data(text.utf8))
        for part in parts {
            let first = String(decoding: part.data, as: UTF8.self).split(separator: "\n").first
            #expect(first.map(String.init) == "line \(part.firstLine)")
        }
    }

    @Test func rejectionsKeepTheirFileLineNumbersWhenReadInParts() async throws {
        let lines = (1...1000).map { $0 % 97 == 0 ? "{\"quote\": \"\"}" : "{\"quote\": \"Q\($0)\"}" }
        let (contents, rejections) = try await QuoteImporter.readAndValidate(Data(lines.joined(separator: "\n").utf8), format: .jsonl)
        #expect(contents.count == 990)
        #expect(rejections.map(\.line) == (1...1000).filter { $0 % 97 == 0 })
        #expect(contents.first?.text == "Q1")
        #expect(contents.last?.text == "Q1000")
    }

    @Test func csvFollowsRFC4180() {
        let records = CSV.records(in: "\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"multi\nline\"\r\n\r\nlast,\n")
        #expect(records.map(\.fields) == [["\u{FEFF}a", "b"], ["x, \"y\"", "multi\nline"], ["last", ""]])
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(CSV.line(["plain", "with,comma", "with \"quote\"", "two\nlines"]) == "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\"\r\n")
    }

    @Test(arguments: [("quotes.TXT", TransferFormat.txt), ("a.jsonl", .jsonl), ("a.ndjson", .jsonl), ("b.csv", .csv)])
    func formatsAreGuessedFromTheExtension(name: String, format: TransferFormat) {
        #expect(TransferFormat(fileName: name) == format)
        #expect(TransferFormat(fileName: "quotes.json") == nil)
    }
}
