import Hummingbird
import Logging
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore
@testable import QuotegenIndex
@testable import QuotegenSQLite
@testable import QuotegenServer

@Suite(.timeLimit(.minutes(1))) struct IDListTests {
    @Test func removalMovesTheLastIdIntoTheHoleAndSaysWhich() {
        var list = IDList()
        #expect(list.append(10) == 0)
        #expect(list.append(11) == 1)
        #expect(list.append(12) == 2)
        #expect(list.remove(at: 0) == 12)
        #expect(list.ids == [12, 11])
        #expect(list.remove(at: 1) == nil)  // the last one: nothing moves
        #expect(list.ids == [12])
        let seed = TestSeed.make()
        let replay = Comment(rawValue: TestSeed.replay(seed))
        var generator = SplitMix(seed: seed)
        #expect(list.randomElement(using: &generator) == 12)
    }
}

@Suite(.timeLimit(.minutes(1))) struct QuoteIndexModelTests {
    /// Thousands of random inserts, edits and deletions; after each round every filter must find exactly
    /// what a plain model holds (ids move between slots on every removal, so a stale slot would show here).
    @Test func everyFilterMatchesAPlainModelThroughRandomChanges() {
        let index = QuoteIndex()
        var model: [Int64: QuoteSummary] = [:]
        let seed = TestSeed.make()
        let replay = Comment(rawValue: TestSeed.replay(seed))
        var generator = SplitMix(seed: seed)
        // Three spellings of one author (case and accents), so that the tallies' spelling bookkeeping is exercised.
        let authors = ["ada", "Ada", "Ádá", "bo", "cy", nil]
        let tags = ["t0", "t1", "t2", "t3", "t4", "t5"]
        for round in 0..<20 {
            for _ in 0..<300 {
                let id = Int64.random(in: 1...9_000, using: &generator)  // spans three entry chunks
                if Bool.random(using: &generator) && model[id] != nil {
                    index.apply([(id, nil)])
                    model[id] = nil
                } else {
                    let quote = QuoteSummary(
                        id: id, revision: Int64(round + 1), author: authors.randomElement(using: &generator)!,
                        tags: Array(tags.shuffled(using: &generator).prefix(Int.random(in: 0...5, using: &generator))),
                        length: Int.random(in: 1...100, using: &generator)
                    )
                    index.apply([(id, quote)])
                    model[id] = quote
                }
            }
            #expect(index.count == model.count, replay)
            #expect(Set(index.randomIDs(matching: QuoteFilter(), count: 10_000)) == Set(model.keys), replay)
            for key in Set(authors.compactMap { $0?.searchKey }) {
                let expected = Set(model.values.filter { $0.author?.searchKey == key }.map(\.id))
                #expect(Set(index.randomIDs(matching: QuoteFilter(author: key), count: 10_000)) == expected, replay)
                let both = Set(model.values.filter { $0.author?.searchKey == key && $0.tags.contains("t1") }.map(\.id))
                #expect(Set(index.randomIDs(matching: QuoteFilter(author: key, tag: "t1"), count: 10_000)) == both, replay)
            }
            // Expressions: any of two authors, all of and any of two or three tags, and both with an author.
            let names = Array(Set(authors.compactMap { $0 })).sorted().shuffled(using: &generator)
            let pickedAuthors = Array(names.prefix(2))
            let pickedTags = Array(tags.shuffled(using: &generator).prefix(Int.random(in: 2...3, using: &generator)))
            let keys = Set(pickedAuthors.map(\.searchKey))
            let byAuthors: (QuoteSummary) -> Bool = { $0.author.map { keys.contains($0.searchKey) } ?? false }
            let expressions: [(QuoteFilter, (QuoteSummary) -> Bool)] = [
                (QuoteFilter(authors: pickedAuthors, tags: []), byAuthors),
                (QuoteFilter(authors: [], tags: pickedTags, tagMatch: .all), { q in pickedTags.allSatisfy(q.tags.contains) }),
                (QuoteFilter(authors: [], tags: pickedTags, tagMatch: .any), { q in pickedTags.contains(where: q.tags.contains) }),
                (QuoteFilter(authors: pickedAuthors, tags: pickedTags, tagMatch: .any), { q in byAuthors(q) && pickedTags.contains(where: q.tags.contains) }),
                (QuoteFilter(authors: [], tags: pickedTags + ["absent"], tagMatch: .any), { q in pickedTags.contains(where: q.tags.contains) }),
                (QuoteFilter(authors: [], tags: pickedTags + ["absent"], tagMatch: .all), { _ in false }),
            ]
            for (filter, predicate) in expressions {
                let expected = Set(model.values.filter(predicate).map(\.id))
                let drawn = index.randomIDs(matching: filter, count: 10_000)
                #expect(Set(drawn) == expected && drawn.count == expected.count, "\(filter) \(replay)")
                let few = index.randomIDs(matching: filter, count: 3)
                #expect(Set(few).count == few.count && Set(few).isSubset(of: expected) && few.count == min(3, expected.count), "\(filter) \(replay)")
            }
            // The tallies: one per author key, named by the byte-wise first spelling still live, as SQL's min() does.
            let byKey = Dictionary(grouping: model.values.compactMap(\.author), by: \.searchKey)
            let expectedTallies = byKey.values.map { spellings in
                Tally(name: spellings.min { $0.utf8.lexicographicallyPrecedes($1.utf8) }!, count: spellings.count)
            }
            #expect(index.authorTallies() == Tally.ranked(expectedTallies), replay)
            let expectedTags = tags.compactMap { tag -> Tally? in
                let count = model.values.filter { $0.tags.contains(tag) }.count
                return count == 0 ? nil : Tally(name: tag, count: count)
            }
            #expect(index.tagTallies() == Tally.ranked(expectedTags), replay)
            for tag in tags {
                let expected = Set(model.values.filter { $0.tags.contains(tag) }.map(\.id))
                #expect(Set(index.randomIDs(matching: QuoteFilter(tag: tag), count: 10_000)) == expected, replay)
            }
            let short = QuoteFilter(minLength: 10, maxLength: 20)
            let expectedShort = Set(model.values.filter { (10...20).contains($0.length) }.map(\.id))
            #expect(Set(index.randomIDs(matching: short, count: 10_000)) == expectedShort, replay)
            for quote in model.values.prefix(50) {
                #expect(index.tags(of: quote.id, atRevision: quote.revision) == quote.tags, replay)
                #expect(index.tags(of: quote.id, atRevision: quote.revision + 1) == nil, replay)
            }
        }
    }
}

@Suite(.timeLimit(.minutes(1))) struct QuoteIndexCoherenceTests {
    @Test func apiWritesChangeWhatTheFiltersFindAtOnce() async throws {
        try await withApp { client, _ in
            let id = try await createQuote(client, #"{"quote": "Moving", "author": "Old Name", "tags": ["before"]}"#)
            #expect(try await client.execute(uri: "/quote?author=old%20name&tag=before", method: .get).status == .ok)
            let patch = try await client.execute(
                uri: "/quotes/\(id)", method: .patch, headers: adminHeaders(), body: jsonBody(#"{"author": "New Name", "tags": ["after"]}"#)
            )
            #expect(patch.status == .ok)
            #expect(try await client.execute(uri: "/quote?author=old%20name", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/quote?tag=before", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/quote?author=NEW%20NAME&tag=after", method: .get).json["id"] as? Int == Int(id))
            try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders())
            #expect(try await client.execute(uri: "/quote?tag=after", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/quote", method: .get).status == .notFound)
        }
    }

    @Test func anotherConnectionsWritesArriveWithARefresh() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "q.sqlite").path
            let serverSide = try AppDatabase.open(path: path)
            let otherProcess = try AppDatabase.open(path: path)
            defer { try? serverSide.close(); try? otherProcess.close() }
            let server = SQLiteQuoteRepository(database: serverSide)
            let other = SQLiteQuoteRepository(database: otherProcess)
            try await server.refreshIndex()
            #expect(server.index.isLoaded)

            let written = try await other.create(try QuoteContent(text: "From elsewhere", author: "Zoé", tags: ["far"]), by: "test")
            _ = try await other.addSeedQuotes(["Seeded elsewhere"])
            #expect(try await server.refreshIndex() == 2)
            #expect(server.index.count == 2)
            #expect(try await server.randomQuote(matching: QuoteFilter(author: "ZOÉ", tag: "far"))?.id == written.id)

            _ = try await other.update(id: written.id, by: "test") { _ in try QuoteContent(text: "From elsewhere", author: "Ann", tags: []) }
            try await server.refreshIndex()
            #expect(try await server.randomQuote(matching: QuoteFilter(author: "zoé")) == nil)
            try await other.delete(id: written.id, by: "test") { _ in }
            try await server.refreshIndex()
            #expect(server.index.count == 1)
            #expect(try await server.randomQuote(matching: QuoteFilter())?.text == "Seeded elsewhere")
            #expect(try await server.refreshIndex() == 0)
        }
    }

    @Test func theIndexLoadsInBatchesAndMatchesTheTable() async throws {
        try await withSeededStore(lines: (0..<250).map { "Line \($0)" }) { store in
            try await store.importer.importFile()
            #expect(try await store.repository.refreshIndex(batchSize: 40) == 250)
            #expect(store.repository.index.count == 250)
            #expect(store.repository.index.isLoaded)
        }
    }

    @Test func beforeItsFirstLoadReadsFallBackToSQL() async throws {
        try await withSeededStore(lines: ["Only"]) { store in
            try await store.importer.importFile()
            #expect(!store.repository.index.isLoaded)
            #expect(try await store.repository.randomQuote(matching: QuoteFilter())?.text == "Only")
        }
    }

    /// While the index loads, picks probe random ids: over a store with gaps and deleted rows, each live quote
    /// must come up about equally often. 6,000 draws over 60 live quotes: each is expected 100 times (σ ≈ 10);
    /// the bounds 40...160 are six σ, so a fair picker fails this less than once in ten million runs.
    @Test func whileTheIndexLoadsPicksProbeIdsAndReachEveryLiveQuoteEvenly() async throws {
        try await withStore { store in
            _ = try await store.repository.addSeedQuotes((1...120).map { "Quote \($0)" })
            try await store.writeElsewhere { db in
                try db.execute(sql: "UPDATE quote SET deleted_at = 'x', revision = revision + 1 WHERE id % 3 = 0")  // tombstones
                try db.execute(sql: "DELETE FROM quote WHERE id % 3 = 1 AND id > 60")                                // gaps
            }
            let live = try await store.database.pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM quote WHERE deleted_at IS NULL") }
            #expect(!store.repository.index.isLoaded)
            var counts: [Int64: Int] = [:]
            for _ in 0..<(live.count * 100) {
                let picked = try await store.repository.probingRandomQuotes(matching: QuoteFilter(), count: 1)
                counts[picked[0].id, default: 0] += 1
            }
            #expect(Set(counts.keys) == Set(live))
            for id in live { #expect((40...160).contains(counts[id] ?? 0), "quote \(id) picked \(counts[id] ?? 0) times") }
            let batch = try await store.repository.randomQuotes(matching: QuoteFilter(), count: 5)
            #expect(Set(batch.map(\.id)).count == 5)
        }
    }

    @Test func readyzIs503UntilTheIndexHasLoadedAndHealthzIsAlways200() async throws {
        try await withStore { store in
            _ = try await store.repository.addSeedQuotes(["One"])
            let settings = ServerSettings(host: "127.0.0.1", port: 0, databasePath: store.path, seedPath: "", adminToken: nil)
            let app = buildApplication(settings: settings, repository: store.repository, logger: Logger(label: "test"))
            try await app.test(.router) { client in
                let loading = try await client.execute(uri: "/readyz", method: .get)
                #expect(loading.status == .serviceUnavailable)
                #expect(loading.text.contains("still loading"))
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
                #expect(try await client.execute(uri: "/quote", method: .get).status == .ok)
                try await store.repository.refreshIndex()
                #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            }
        }
    }
}
