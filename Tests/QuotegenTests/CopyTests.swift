import Foundation
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite
@testable import QuotegenTransfer

@Suite(.timeLimit(.minutes(2))) struct CopyTests {
    /// A SQLite store with seeded, API-written, edited and deleted quotes.
    static func makeSource(in folder: URL) async throws -> String {
        let path = folder.appending(path: "source.sqlite").path
        let database = try AppDatabase.open(path: path)
        defer { try? database.close() }
        let store = SQLiteQuoteRepository(database: database)
        _ = try await store.addSeedQuotes((1...1200).map { "Seeded line \($0)" })
        let kept = try await store.create(try QuoteContent(text: "Écrire, c'est « agir »", author: "Émile Zola", tags: ["writing", "fr"]), by: "test")
        _ = try await store.update(id: kept.id, by: "test") { _ in try QuoteContent(text: "Écrire, c'est agir", author: "Émile Zola", tags: ["fr"]) }
        // Authors travel with their slugs and profiles: one numbered, one edited, one whose only quote is deleted.
        _ = try await store.create(try QuoteContent(text: "Numbered", author: "Emile Zola!", tags: []), by: "test")
        _ = try await store.updateAuthor(slug: "emile-zola") { _ in
            try AuthorProfile(bio: "Novelist.", description: "French novelist", link: "https://fr.wikipedia.org/wiki/%C3%89mile_Zola")
        }
        let orphan = try await store.create(try QuoteContent(text: "Orphaned", author: "Nobody Now", tags: []), by: "test")
        try await store.delete(id: orphan.id, by: "test") { _ in }
        let gone = try await store.create(try QuoteContent(text: "Soon deleted", author: nil, tags: ["x"]), by: "test")
        try await store.delete(id: gone.id, by: "test") { _ in }
        try await store.delete(id: 7, by: "test") { _ in }
        return path
    }

    @Test(arguments: TestEngine.all) func aRoundTripThroughAnEngineGivesAnIdenticalExportAndChecksum(engine: TestEngine) async throws {
        try await withTemporaryDirectory { folder in
            let source = try await Self.makeSource(in: folder)
            try await engine.withStore { _, middle in
                let back = folder.appending(path: "back.sqlite").path
                for (from, to) in [(source, middle), (middle, back)] where from != to {
                    let (status, output) = try await ServerProcess.run(["copy", "--from", from, "--to", to], folder: folder)
                    #expect(status == 0, "\(output)")
                    #expect(output.contains("copied 1204 quotes (3 deleted) and 3 authors"), "\(output)")
                }
                let exports = try await [source, back].asyncMap { path in
                    try await ServerProcess.run(["export", "--db", path, "--format", "jsonl", "--output", "-"], folder: folder).output
                }
                #expect(exports[0] == exports[1])
                #expect(exports[0].contains("Écrire, c'est agir"))
                // Tombstones travel too: the deleted texts are still never seeded again.
                let sums = try await [source, back].asyncMap { path in
                    try await OpenStoreChecksum.of(path)
                }
                #expect(sums[0] == sums[1])
                try await QuotegenServerOpen.with(back) { store in
                    let zola = try await store.author(slug: "emile-zola")
                    #expect(zola?.profile.description == "French novelist")
                    #expect(zola?.revision == 2)
                    #expect(try await store.author(slug: "emile-zola-2")?.name == "Emile Zola!")
                    #expect(try await store.author(slug: "nobody-now") != nil, "an author without live quotes is copied too")
                }
            }
        }
    }

    @Test(arguments: TestEngine.all) func batchesWrittenInParallelKeepEveryRowAndNewQuotesTakeNewIds(engine: TestEngine) async throws {
        try await withTemporaryDirectory { folder in
            let source = try await Self.makeSource(in: folder)
            try await engine.withStore { destination, _ in
                try await QuotegenServerOpen.with(source) { from in
                    let copier = QuoteCopier(from: from, to: destination, parallelWrites: 4)
                    let report = try await copier.copy(replace: false, batchSize: 50)
                    #expect(report.rows == 1204)
                    #expect(try await QuoteCopier.checksum(of: destination).checksum == report.checksum)
                }
                // Batches of lower ids may finish last: the next id still comes after every copied one.
                let added = try await destination.create(try QuoteContent(text: "Added after the copy", author: nil, tags: []), by: "test")
                #expect(added.id > 1204)
            }
        }
    }

    @Test func aDestinationWithQuotesIsRefusedUnlessReplaceAndNothingIsWritten() async throws {
        try await withTemporaryDirectory { folder in
            let source = try await Self.makeSource(in: folder)
            let destination = folder.appending(path: "busy.sqlite").path
            let busy = try AppDatabase.open(path: destination)
            _ = try await SQLiteQuoteRepository(database: busy).addSeedQuotes(["Already here"])
            try busy.close()
            let refused = try await ServerProcess.run(["copy", "--from", source, "--to", destination], folder: folder)
            #expect(refused.status == 1)
            #expect(refused.output.contains("already holds 1 quotes") && refused.output.contains("--replace"), "\(refused.output)")
            #expect(try await OpenStoreChecksum.of(destination).rows == 1)
            let replaced = try await ServerProcess.run(["copy", "--from", source, "--to", destination, "--replace"], folder: folder)
            #expect(replaced.status == 0, "\(replaced.output)")
            #expect(try await OpenStoreChecksum.of(destination) == OpenStoreChecksum.of(source))
        }
    }
}

/// The row count and checksum `quotegen copy` compares, of the store at a path or URL.
enum OpenStoreChecksum {
    struct Sum: Equatable { let rows: Int; let checksum: String }

    static func of(_ location: String) async throws -> Sum {
        try await QuotegenServerOpen.with(location) { store in
            let (rows, checksum) = try await QuoteCopier.checksum(of: store)
            return Sum(rows: rows, checksum: checksum)
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
