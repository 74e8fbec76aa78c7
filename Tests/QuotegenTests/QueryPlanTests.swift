import Foundation
import GRDB
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite

/// The reads' statements, as the repository writes them, checked with SQLite's own `EXPLAIN QUERY PLAN`: a page
/// must walk an index (or the rowid) in its order and stop at its limit, never sort every live quote first, and
/// the quote of the day must be a few index lookups.
@Suite(.timeLimit(.minutes(1))) struct QueryPlanTests {
    /// The filters a listing can combine; each with every order it allows.
    static let filters: [(name: String, filter: QuoteFilter)] = [
        ("none", QuoteFilter()),
        ("author", QuoteFilter(author: "Émile Zola")),
        ("tag", QuoteFilter(tag: "docker")),
        ("author+tag", QuoteFilter(author: "Émile Zola", tag: "docker")),
        ("authors any", QuoteFilter(authors: ["Émile Zola", "Ada"], tags: [])),
        ("tags all", QuoteFilter(authors: [], tags: ["docker", "swift"], tagMatch: .all)),
        ("tags any", QuoteFilter(authors: [], tags: ["docker", "swift"], tagMatch: .any)),
        ("authors+tags any", QuoteFilter(authors: ["Émile Zola", "Ada"], tags: ["docker", "swift"], tagMatch: .any)),
        ("length", QuoteFilter(minLength: 10, maxLength: 80)),
        ("q", QuoteFilter(search: try! SearchText("dock"))),
        ("q+tag+author", QuoteFilter(author: "Émile Zola", tag: "docker", search: try! SearchText("dock \"the whale\""))),
    ]

    private func plan(_ statement: QuoteQuery.Condition, _ db: Database) throws -> [String] {
        // The statement's own steps (parent 0); the tags subquery sorts each quote's few tags, which is fine.
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
            .filter { $0["parent"] as Int == 0 }.map { $0["detail"] as String }
    }

    @Test func everyListingWithEveryFilterWalksAnIndexInItsOrderInsteadOfSortingTheTable() async throws {
        try await withStore { store in
            _ = try await store.repository.addQuotes(
                (1...300).map { QuoteContent(uncheckedText: "Quote \($0)", author: "Author \($0 % 7)", tags: ["t\($0 % 5)"]) },
                source: .api
            )
            try await store.database.pool.read { db in
                for (name, filter) in Self.filters {
                    let searching = filter.search != nil
                    for order in QuoteOrder.allCases where order != .relevance || searching {
                        for cursor in [nil, QuoteQuery.Cursor(id: 50, createdAt: "2026-11-30T00:00:00.000Z", rank: -1)] {
                            // Any of several terms: a merge of one walk per term, each of which must be a walk.
                            if let arms = QuoteQuery.arms(of: filter) {
                                let merged = QuoteQuery.page(filter, order: order, after: cursor, limit: 21)
                                let steps = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + merged.sql, arguments: merged.arguments)
                                    .map { $0["detail"] as String }
                                // A walk in order may scan an index; nothing scans a whole table.
                                #expect(!steps.contains { $0 == "SCAN q" || $0 == "SCAN t" }, "\(name), \(order): \(steps)")
                                #expect(arms.count == 2, "\(name)")
                            }
                            for walked in QuoteQuery.arms(of: filter) ?? [filter] {
                                let steps = try plan(QuoteQuery.walk(walked, order: order, after: cursor, limit: 21), db)
                                let label = Comment(rawValue: "\(name), \(order), after \(cursor == nil ? "none" : "50"): \(steps)")
                                // A search lists its matches, which only the search index can find: ranking or dating
                                // them sorts the matches (not the table); by id, the search index gives them in order.
                                let sorts = steps.contains { $0.contains("TEMP B-TREE") }
                                // By a sort key, the named authors' quotes are found by the author index and sorted:
                                // a sort of their quotes only, where walking the key's index would read every quote.
                                let firstStep = steps.first ?? ""
                                let byKey = QuoteQuery.sortKey(order) != nil
                                let namesAuthors = !walked.authors.isEmpty
                                let sortsNamedAuthors = byKey && namesAuthors && firstStep.contains("quote_live_by_author (author_key=?")
                                #expect(!sorts || (searching && order != .id && order != .idDescending) || sortsNamedAuthors, label)
                                let walk = try #require(steps.first, label)
                                let indexed = walk.contains("USING INDEX") || walk.contains("USING COVERING INDEX")
                                    || walk.contains("INTEGER PRIMARY KEY") || walk.contains("VIRTUAL TABLE INDEX")
                                    || (walk == "SCAN q" && (order == .id || order == .idDescending))
                                #expect(indexed, label)
                                // After a cursor, a walk of a sort key's index seeks to the cursor (SEARCH), where a
                                // scan would step over every entry before it: keyset pages cost the same at any depth.
                                if cursor != nil, byKey, !searching, !sortsNamedAuthors {
                                    #expect(walk.hasPrefix("SEARCH"), label)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// 20,000 quotes: the day's choice reads the two ends of an index and probes by primary key, for an old store
    /// and for one created today alike.
    @Test func theQuoteOfTheDayIsIndexLookupsNotAScan() async throws {
        try await withStore { store in
            _ = try await store.repository.addSeedQuotes((1...20_000).map { "Quote \($0)" })
            try await store.database.pool.read { db in
                for candidate in ["deleted_at IS NULL AND created_at < ?", "deleted_at IS NULL"] {
                    let arguments: StatementArguments = candidate.contains("?") ? ["2026-11-30T10:00:00.000Z"] : []
                    let ends = SQLiteQuoteRepository.dailyEndsSQL(candidate: candidate)
                    for sql in [ends.earliest, ends.latest] {
                        let steps = try plan(QuoteQuery.Condition(sql: sql, arguments: arguments), db)
                        #expect(steps.count == 1 && steps[0].contains("USING") && steps[0].contains("quote_live_by_created_at"), "\(sql): \(steps)")
                    }
                    let probe = try plan(QuoteQuery.Condition(sql: SQLiteQuoteRepository.dailyProbeSQL(candidate: candidate), arguments: [1] + arguments), db)
                    #expect(probe == ["SEARCH quote USING INTEGER PRIMARY KEY (rowid=?)"], "\(probe)")
                }
            }
        }
    }
}
