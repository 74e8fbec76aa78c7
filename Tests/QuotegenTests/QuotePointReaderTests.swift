import Foundation
import GRDB
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite

@Suite(.timeLimit(.minutes(1))) struct QuotePointReaderTests {
    @Test func readsWhatThePoolReadsAndLeavesDeletedQuotesOut() async throws {
        try await withStore { store in
            let (database, repository) = (store.database, store.repository)
            let kept = try await repository.create(try QuoteContent(text: "Kept, \"quoted\", é", author: "Ada", tags: ["b", "a"]), by: "test")
            let bare = try await repository.create(try QuoteContent(text: "No author, no tags", author: nil, tags: []), by: "test")
            let gone = try await repository.create(try QuoteContent(text: "Deleted soon", author: nil, tags: []), by: "test")
            try await repository.delete(id: gone.id, by: "test") { _ in }

            let ids = [kept.id, gone.id, bare.id, 9_999]
            let pooled = try await database.pool.read { db in try ids.compactMap { try QuoteQuery.fetchLive(db, id: $0) } }
            let pointed = try #require(try database.pointReader.liveQuotes(ids: ids))
            #expect(pointed == pooled)
            #expect(pointed.map(\.id) == [kept.id, bare.id])
            #expect(pointed.first?.tags == ["b", "a"])
        }
    }

    @Test func seesCommitsAtOnceAndAnotherConnectionsWrites() async throws {
        try await withStore { store in
            let (database, repository) = (store.database, store.repository)
            let quote = try await repository.create(try QuoteContent(text: "Before", author: nil, tags: []), by: "test")
            #expect(try database.pointReader.liveQuotes(ids: [quote.id])?.first?.text == "Before")

            try await store.writeElsewhere { db in
                try db.execute(sql: "UPDATE quote SET text = 'After' WHERE id = ?", arguments: [quote.id])
            }
            #expect(try database.pointReader.liveQuotes(ids: [quote.id])?.first?.text == "After")
        }
    }

    /// Tags come from the index only for the exact revision it holds; another process's edit the index has not
    /// seen yet is served whole from SQL, its new tags with its new text.
    @Test func tagsFromTheIndexOnlyForTheRevisionItHolds() async throws {
        try await withStore { store in
            let (database, repository) = (store.database, store.repository)
            let quote = try await repository.create(try QuoteContent(text: "Tagged", author: nil, tags: ["old"]), by: "test")
            let fromIndex = try #require(try database.pointReader.liveQuotes(ids: [quote.id]) { id, revision in
                id == quote.id && revision == quote.revision ? ["from-index"] : nil
            })
            #expect(fromIndex.first?.tags == ["from-index"])

            try await store.writeElsewhere { db in
                try db.execute(sql: "UPDATE quote SET text = 'Retagged', revision = revision + 1 WHERE id = ?", arguments: [quote.id])
                try db.execute(sql: "UPDATE quote_tag SET tag = 'new' WHERE quote_id = ?", arguments: [quote.id])
            }
            let served = try #require(try await repository.quote(id: quote.id))  // the index still holds revision 1
            #expect(served.text == "Retagged")
            #expect(served.tags == ["new"])
        }
    }

    @Test func answersNilOnceClosedSoCallersReadAnotherWay() async throws {
        try await withStore { store in
            store.database.pointReader.close()
            #expect(try store.database.pointReader.liveQuotes(ids: [1]) == nil)
            // The repository still answers, through the pool.
            let repository = store.repository
            let quote = try await repository.create(try QuoteContent(text: "Still served", author: nil, tags: []), by: "test")
            #expect(try await repository.quote(id: quote.id)?.text == "Still served")
        }
    }
}
