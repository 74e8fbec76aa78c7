import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QuotegenCore
@testable import QuotegenTransfer

/// `quotegen import --format quotable`, on every engine: Quotable's data keeps its `_id`s, slugs, tags, dates and
/// profiles, and `/quotable/` serves them as Quotable did. The sample files (Fixtures/) were written for these
/// tests in Quotable's format: 30 quotes by 10 authors, 6 of them in the authors file.
@Suite(.timeLimit(.minutes(2))) struct QuotableImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")
    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appending(path: name)) }
    static func entries(_ name: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: try fixture(name)) as! [[String: Any]]
    }

    @Test(arguments: TestEngine.all) func quotablesDataKeepsItsIdsSlugsTagsDatesAndProfilesAndASecondRunAddsNothing(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, store in
            let importer = QuotableImporter(store: store)
            let first = try await importer.importFiles(quotes: try Self.fixture("quotable-quotes.json"), authors: try Self.fixture("quotable-authors.json"), strict: true)
            #expect(first.added == 30)
            #expect(first.rejections.isEmpty && first.authorRejections.isEmpty)
            let again = try await importer.importFiles(quotes: try Self.fixture("quotable-quotes.json"), authors: try Self.fixture("quotable-authors.json"), strict: true)
            #expect(again.added == 0)
            #expect(again.alreadyStored == 30)

            let quotes = try Self.entries("quotable-quotes.json")
            for original in quotes {
                let id = original["_id"] as! String
                let response = try await client.execute(uri: "/quotable/quotes/\(id)", method: .get)
                #expect(response.status == .ok, "\(id)")
                let served = try response.json
                #expect(served["_id"] as? String == id)
                #expect(served["content"] as? String == original["content"] as? String)
                #expect(served["author"] as? String == original["author"] as? String)
                #expect(served["authorSlug"] as? String == original["authorSlug"] as? String, "the file's slugs are kept")
                #expect(served["dateAdded"] as? String == original["dateAdded"] as? String)
                #expect(served["dateModified"] as? String == original["dateModified"] as? String)
                let tags = (original["tags"] as! [String]).map { $0.lowercased().replacingOccurrences(of: " ", with: "-") }
                #expect(served["tags"] as? [String] == tags)
            }

            let oreilly = try await client.execute(uri: "/quotable/authors/slug/john-oreilly", method: .get)
            #expect(oreilly.status == .ok, "Quotable's slug, where quotegen's own rule says john-o-reilly")
            for original in try Self.entries("quotable-authors.json") {
                let id = original["_id"] as! String
                let author = try await client.execute(uri: "/quotable/authors/\(id)", method: .get).json
                #expect(author["_id"] as? String == id)
                #expect(author["slug"] as? String == original["slug"] as? String)
                #expect(author["bio"] as? String == original["bio"] as? String)
                #expect(author["link"] as? String == original["link"] as? String)
                #expect(author["quoteCount"] as? Int == original["quoteCount"] as? Int)
                #expect(author["dateAdded"] as? String == "2020-06-01")
            }
            let einstein = try await client.execute(uri: "/quotable/authors/slug/albert-einstein", method: .get).json
            #expect(einstein["quoteCount"] as? Int == 3, "an author only the quotes name is made from them")

            // The imported dates order the listing; ids and authorId work in the filters.
            let oldest = try await client.execute(uri: "/quotable/quotes?order=asc&limit=3", method: .get).json
            let expectedOldest = quotes.sorted { ($0["dateAdded"] as! String) < ($1["dateAdded"] as! String) }.prefix(3).map { $0["_id"] as! String }
            #expect((oldest["results"] as! [[String: Any]]).map { $0["_id"] as! String } == Array(expectedOldest))
            let adaID = try #require(try Self.entries("quotable-authors.json").first { $0["name"] as? String == "Ada Lovelace" }?["_id"] as? String)
            let byAuthorID = try await client.execute(uri: "/quotable/quotes?authorId=\(adaID)", method: .get).json
            #expect(byAuthorID["totalCount"] as? Int == 3)
            let famous = try await client.execute(uri: "/quotable/quotes/random?tags=famous%20quotes&limit=50", method: .get)
            #expect(famous.status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func anAuthorAlreadyHereKeepsItsSlugAndGainsWhatItLacksAndATakenSlugIsNumbered(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, store in
            try await createQuote(client, text: "Already here.", author: "Ada Lovelace", tags: [])
            try await createQuote(client, text: "Someone else.", author: "Grace-Hopper", tags: [])  // takes grace-hopper
            let quotes = #"""
                [{"_id": "imp-1", "content": "New one.", "author": "Ada Lovelace", "authorSlug": "countess-of-lovelace", "tags": []},
                 {"_id": "imp-2", "content": "Ships.", "author": "Grace Hopper", "authorSlug": "grace-hopper", "tags": ["Navy"]}]
                """#
            let authors = #"""
                [{"_id": "auth-ada", "name": "Ada Lovelace", "slug": "countess-of-lovelace", "bio": "Mathematician.", "description": "", "link": ""}]
                """#
            let report = try await QuotableImporter(store: store).importFiles(quotes: Data(quotes.utf8), authors: Data(authors.utf8), strict: true)
            #expect(report.added == 2)
            let ada = try await client.execute(uri: "/quotable/authors/auth-ada", method: .get).json
            #expect(ada["slug"] as? String == "ada-lovelace", "an author already here keeps its slug")
            #expect(ada["bio"] as? String == "Mathematician.")
            #expect(ada["quoteCount"] as? Int == 2)
            let ships = try await client.execute(uri: "/quotable/quotes/imp-2", method: .get).json
            #expect(ships["authorSlug"] as? String == "grace-hopper-2", "the file's slug belongs to another author here")
            #expect(ships["tags"] as? [String] == ["navy"])
        }
    }

    @Test(arguments: TestEngine.all) func aQuoteEditedOrDeletedSinceItsImportIsNotAddedAgain(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, store in
            let file = Data(#"[{"_id": "kept-1", "content": "Original words.", "author": "A"}, {"_id": "kept-2", "content": "Gone soon.", "author": "A"}]"#.utf8)
            #expect(try await QuotableImporter(store: store).importFiles(quotes: file, authors: nil, strict: true).added == 2)
            let edited = try #require(try await store.quote(externalID: "kept-1"))
            let patch = try await client.execute(
                uri: "/quotes/\(edited.id)", method: .patch, headers: adminHeaders(), body: jsonBody(#"{"quote": "Corrected words."}"#)
            )
            #expect(patch.status == .ok)
            let gone = try #require(try await store.quote(externalID: "kept-2"))
            #expect(try await client.execute(uri: "/quotes/\(gone.id)", method: .delete, headers: adminHeaders()).status == .noContent)

            let again = try await QuotableImporter(store: store).importFiles(quotes: file, authors: nil, strict: true)
            #expect(again.added == 0, "the ids are stored: the old text does not come back beside its correction")
            #expect(try await store.liveQuoteCount() == 1)
            let served = try await client.execute(uri: "/quotable/quotes/kept-1", method: .get).json
            #expect(served["content"] as? String == "Corrected words.")
            #expect(try await client.execute(uri: "/quotable/quotes/kept-2", method: .get).status == .notFound)
        }
    }

    @Test func theCommandImportsQuotablesFilesAndRefusesOptionsThatDoNotApply() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "quotes.sqlite").path
            let quotes = Self.fixtures.appending(path: "quotable-quotes.json").path
            let authors = Self.fixtures.appending(path: "quotable-authors.json").path
            let first = try await ServerProcess.run(["import", quotes, "--format", "quotable", "--authors", authors, "--db", database], folder: folder)
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("added 30, revived 0, skipped 0 already stored, rejected 0"))
            let again = try await ServerProcess.run(["import", quotes, "--format", "quotable", "--db", database], folder: folder)
            #expect(again.output.contains("added 0, revived 0, skipped 30 already stored"))
            let wrong = try await ServerProcess.run(["import", quotes, "--format", "jsonl", "--authors", authors, "--db", database], folder: folder)
            #expect(wrong.status == 1)
            #expect(wrong.output.contains("--authors goes with --format quotable"))
            let revive = try await ServerProcess.run(["import", quotes, "--format", "quotable", "--revive", "--db", database], folder: folder)
            #expect(revive.status == 1)
        }
    }

    @Test func badEntriesAreRejectedByPositionAndStrictImportsNothing() async throws {
        try await withApp { _, store in
            let quotes = #"""
                [{"_id": "ok-1", "content": "Fine.", "author": "A", "tags": []},
                 {"content": "No id.", "author": "A"},
                 {"_id": "12345", "content": "Digits.", "author": "A"},
                 {"_id": "ok-1", "content": "Same id again.", "author": "A"},
                 {"_id": "bad-date", "content": "When?", "author": "A", "dateAdded": "last tuesday"},
                 {"_id": "bad-tag", "content": "Tagged.", "author": "A", "tags": ["no/slash"]},
                 {"_id": "no-text", "content": "", "author": "A"}]
                """#
            let strict = QuotableImporter(store: store)
            await #expect(throws: StrictImportError.self) {
                _ = try await strict.importFiles(quotes: Data(quotes.utf8), authors: nil, strict: true)
            }
            #expect(try await store.liveQuoteCount() == 0, "strict: nothing written")
            let report = try await strict.importFiles(quotes: Data(quotes.utf8), authors: nil, strict: false)
            #expect(report.added == 1)
            #expect(report.rejections.map(\.line) == [2, 3, 4, 5, 6, 7])
            #expect(report.rejections.allSatisfy { $0.description.hasPrefix("entry ") })
            await #expect(throws: TransferError.self) {
                _ = try await strict.importFiles(quotes: Data(#"{"_id": "x"}"#.utf8), authors: nil, strict: false)
            }
            await #expect(throws: TransferError.self) {
                _ = try await strict.importFiles(quotes: Data("not json".utf8), authors: nil, strict: false)
            }
        }
    }
}
