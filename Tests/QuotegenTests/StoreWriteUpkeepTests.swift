import Foundation
import GRDB
import Testing
@testable import QuotegenCore

/// The rule that every write of the store numbers its change (`change_seq`, which other processes' indexes
/// follow) and tells this process's index at once (`didCommit`), held for each write method of `QuoteStore`.
@Suite(.timeLimit(.minutes(1))) struct StoreWriteUpkeepTests {
    @Test func everyWriteMethodNumbersItsChangesAndUpdatesTheIndexWithoutARefresh() async throws {
        try await withStore { store in
            let repository = store.repository
            try await repository.refreshIndex()  // the server's refresher: the index now tracks the store
            let ada = try QuoteContent(text: "Bulk by Ada", author: "Ada", tags: ["bulk"])
            // Every write method of `QuoteStore`, each with the ids it must have touched.
            let writes: [(name: String, write: () async throws -> [Int64])] = [
                ("create", { [try await repository.create(try QuoteContent(text: "Made", author: "Bo", tags: ["a", "b"]), by: "test").id] }),
                ("update", {
                    [try await repository.update(id: 1, by: "test") { _ in try QuoteContent(text: "Made, edited", author: "Cy", tags: ["c"]) }.id]
                }),
                ("delete", { try await repository.delete(id: 1, by: "test") { _ in }; return [1] }),
                ("addQuotes", {
                    _ = try await repository.addQuotes([ada], source: .api)
                    return [try #require(try await store.id(of: "Bulk by Ada"))]
                }),
                ("addSeedQuotes", {
                    _ = try await repository.addSeedQuotes(["Seeded"])
                    return [try #require(try await store.id(of: "Seeded"))]
                }),
                ("delete before revival", {
                    let id = try #require(try await store.id(of: "Bulk by Ada"))
                    try await repository.delete(id: id, by: "test") { _ in }
                    return [id]
                }),
                ("addQuotes revive", {
                    let revived = try QuoteContent(text: "Bulk by Ada", author: "Dee", tags: ["back"])
                    #expect(try await repository.addQuotes([revived], source: .api, revive: true).revived == 1)
                    return [try #require(try await store.id(of: "Bulk by Ada"))]
                }),
            ]
            for (name, write) in writes {
                let before = try await store.maxChangeSeq()
                let touched = try await write()
                for id in touched {
                    let seq = try await store.changeSeq(of: id)
                    #expect(seq > before, "\(name) left quote \(id)'s change number at \(seq), not above \(before)")
                }
                try await expectIndexMatchesTable(store, after: name)
            }
        }
    }

    /// The index, with no refresh, holds exactly the live rows: their ids, each one's revision and tags, and
    /// each author's quotes.
    private func expectIndexMatchesTable(_ store: TemporaryStore, after name: String) async throws {
        let index = store.repository.index
        let live = try await store.repository.changes(after: 0, limit: 1_000).compactMap(\.summary)
        let all = Set(index.randomIDs(matching: QuoteFilter(), count: 1_000))
        #expect(all == Set(live.map(\.id)), "after \(name), the index holds \(all.sorted()), the table \(live.map(\.id))")
        for quote in live {
            #expect(index.tags(of: quote.id, atRevision: quote.revision) == quote.tags, "after \(name), quote \(quote.id)")
            if let author = quote.author {
                let byAuthor = index.randomIDs(matching: QuoteFilter(author: author), count: 1_000)
                #expect(byAuthor.contains(quote.id), "after \(name), quote \(quote.id) is not under its author \(author)")
            }
        }
    }
}

extension TemporaryStore {
    func maxChangeSeq() async throws -> Int64 {
        try await database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(change_seq) FROM quote") ?? 0 }
    }

    func changeSeq(of id: Int64) async throws -> Int64 {
        try await database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT change_seq FROM quote WHERE id = ?", arguments: [id]) ?? 0 }
    }

    func id(of text: String) async throws -> Int64? {
        try await database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM quote WHERE text = ?", arguments: [text]) }
    }
}
