import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import QuotegenApp

@Suite struct IDSetTests {
    @Test func insertRemoveAndPickStayConsistent() {
        var set = IDSet()
        for id in 1...100 { set.insert(Int64(id)) }
        set.insert(5)
        #expect(set.count == 100)
        for id in stride(from: 1, through: 100, by: 2) { set.remove(Int64(id)) }
        set.remove(1000)
        #expect(set.count == 50)
        #expect(Set(set.ids) == Set(stride(from: 2, through: 100, by: 2).map(Int64.init)))
        var generator = SystemRandomNumberGenerator()
        var seen = Set<Int64>()
        for _ in 0..<2000 { seen.insert(set.randomElement(using: &generator)!) }
        #expect(seen == Set(set.ids))
    }
}

@Suite struct QuoteIndexCoherenceTests {
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

            let written = try await other.create(try QuoteContent(text: "From elsewhere", author: "Zoé", tags: ["far"]))
            _ = try await other.addSeedQuotes(["Seeded elsewhere"])
            #expect(try await server.refreshIndex() == 2)
            #expect(server.index.count == 2)
            #expect(try await server.randomQuote(matching: QuoteFilter(author: "ZOÉ", tag: "far"))?.id == written.id)

            _ = try await other.update(id: written.id) { _ in try QuoteContent(text: "From elsewhere", author: "Ann", tags: []) }
            try await server.refreshIndex()
            #expect(try await server.randomQuote(matching: QuoteFilter(author: "zoé")) == nil)
            try await other.delete(id: written.id) { _ in }
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
}
