import GRDB
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite

/// `QuoteRow` reads the point reads' columns by position: a statement whose columns moved would misread data
/// silently (an author as a source, say), so the positions are pinned against what SQLite reports.
@Suite(.timeLimit(.minutes(1))) struct QuoteRowTests {
    @Test func everyColumnIsWhereTheCodecReadsItInEveryStatementThatSelectsIt() async throws {
        try await withStore { store in
            let statements: [(sql: String, tags: Bool)] = [
                (QuoteQuery.liveByIDSQL, true),
                (QuoteQuery.liveRowByIDSQL, false),
                (QuoteQuery.page(QuoteFilter(), order: .id, after: nil, limit: 1).sql, true),
            ]
            try await store.database.pool.read { db in
                let tableColumns = try Set(db.columns(in: "quote").map(\.name))
                for (sql, withTags) in statements {
                    let names = try db.makeStatement(sql: sql).columnNames
                    for column in QuoteRow.Column.allCases where column != .tags || withTags {
                        #expect(names[Int(column.rawValue)] == column.name, "in \(sql)")
                        let computed = column == .tags || column == .authorSlug
                        #expect(computed || tableColumns.contains(column.name), "quote has no column \(column.name)")
                    }
                    #expect(names.count == QuoteRow.Column.allCases.count - (withTags ? 0 : 1), "in \(sql)")
                }
            }
        }
    }

    @Test func theChangeFeedReadsWhatTheTableHolds() async throws {
        try await withStore { store in
            let quote = try await store.repository.create(try QuoteContent(text: "Fed", author: "Ada", tags: ["b", "a"]), by: "test")
            let gone = try await store.repository.create(try QuoteContent(text: "Gone", author: nil, tags: []), by: "test")
            try await store.repository.delete(id: gone.id, by: "test") { _ in }
            let changes = try await store.repository.changes(after: 0, limit: 10)
            #expect(changes.map(\.id) == [quote.id, gone.id])
            #expect(changes[0].summary == QuoteSummary(quote))
            #expect(changes[1].summary == nil)
            #expect(changes[0].changeNumber < changes[1].changeNumber)
        }
    }

    /// `AuthorRows` decodes the point read of an author by position: it must read what the pool reads by name.
    @Test func theAuthorPointReadDecodesWhatThePoolReads() async throws {
        try await withStore { store in
            _ = try await store.repository.create(try QuoteContent(text: "Q", author: "Émile Zola", tags: []), by: "test")
            _ = try await store.repository.updateAuthor(slug: "emile-zola") { _ in
                try AuthorProfile(bio: "Bio\nwith a line", description: "Novelist", link: "https://example.org/zola")
            }
            let pooled = try await store.database.pool.read { db in
                try Row.fetchOne(db, sql: AuthorRows.bySlugSQL, arguments: ["emile-zola"]).map(AuthorRows.author)
            }
            let pointed = try #require(try store.database.pointReader.author(slug: "emile-zola"))
            #expect(pointed == pooled)
            #expect(pointed?.profile.description == "Novelist")
            #expect(pointed?.name == "Émile Zola")
            let missing = try #require(try store.database.pointReader.author(slug: "nobody"))
            #expect(missing == nil)
        }
    }
}
