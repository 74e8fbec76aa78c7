import Foundation
import GRDB
import Testing
@testable import QuotegenCore

/// Columns that repeat what another column says, for an index's sake: `quote.author_key` (the author folded,
/// written by quotegen) and `quote_tag.created_at` (the quote's creation time, given by bulk adds and filled by a
/// trigger for every other writer). Every write path must leave them equal to what they repeat, or the filtered
/// and sorted listings answer wrongly without any error.
@Suite(.timeLimit(.minutes(1))) struct DerivedColumnsTests {
    private func mismatches(_ store: TemporaryStore) async throws -> [String] {
        try await store.database.pool.read { db in
            let authors = try Row.fetchAll(db, sql: "SELECT id, author, author_key FROM quote").compactMap { row -> String? in
                let author: String? = row["author"]
                let key: String? = row["author_key"]
                return key == author?.searchKey ? nil : "quote \(row["id"] as Int64): author_key \(key ?? "NULL") for \(author ?? "NULL")"
            }
            let dates = try Row.fetchAll(db, sql: """
                SELECT t.quote_id, t.tag, t.created_at AS tagged, q.created_at AS created FROM quote_tag t
                JOIN quote q ON q.id = t.quote_id WHERE t.created_at IS NOT q.created_at
                """).map { "quote \($0["quote_id"] as Int64) tag \($0["tag"] as String): \($0["tagged"] as String? ?? "NULL") ≠ \($0["created"] as String)" }
            return authors + dates
        }
    }

    @Test func everyWritePathKeepsAuthorKeysAndTagDatesEqualToWhatTheyRepeat() async throws {
        try await withStore { store in
            let repository = store.repository
            let created = try await repository.create(try QuoteContent(text: "Created", author: "Émile Zola", tags: ["a", "b"]), by: "test")
            #expect(try await mismatches(store) == [], "create")
            _ = try await repository.update(id: created.id, by: "test") { _ in try QuoteContent(text: "Edited", author: "ÁDA", tags: ["c"]) }
            #expect(try await mismatches(store) == [], "update")
            _ = try await repository.addQuotes(
                (1...300).map { QuoteContent(uncheckedText: "Bulk \($0)", author: $0 % 3 == 0 ? nil : "Écrivain \($0 % 7)", tags: ["t\($0 % 4)", "u"]) },
                source: .api
            )
            #expect(try await mismatches(store) == [], "bulk add")
            try await repository.delete(id: created.id, by: "test") { _ in }
            _ = try await repository.addQuotes([QuoteContent(uncheckedText: "Edited", author: "Björk", tags: ["revived"])], source: .api, revive: true)
            #expect(try await mismatches(store) == [], "revival")
            try await store.writeElsewhere { db in
                try db.execute(sql: "INSERT INTO quote (text, author, author_key, source, created_at, updated_at) VALUES ('Foreign', 'Ann', 'ann', 'api', '2025-05-05T00:00:00.000Z', '2025-05-05T00:00:00.000Z')")
                try db.execute(sql: "INSERT INTO quote_tag (quote_id, tag, position) VALUES (last_insert_rowid(), 'x', 0)")
            }
            #expect(try await mismatches(store) == [], "a writer that is not quotegen")
        }
    }
}
