import Foundation
import PostgresNIO
import Testing
@testable import QuotegenCore
@testable import QuotegenPostgres

/// The sort keys' listings on PostgreSQL, as the store writes them, checked with `EXPLAIN`: with sequential scans
/// and sorts priced out (`enable_seqscan`, `enable_sort` off, so that a small test table cannot hide a missing
/// index), a page by author or by text walks that key's index in order and stops at its limit.
@Suite(.timeLimit(.minutes(1)), .enabled(if: TestEngine.all.contains(.postgres)))
struct PostgresQueryPlanTests {
    @Test func everySortKeyPageWalksItsIndexInOrderWithAndWithoutACursor() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            let database = try await PostgresAppDatabase.open(try PostgresLocation(url: url, environment: [:]))
            let store = PostgresQuoteStore(database: database)
            _ = try await store.addQuotes(
                (1...300).map { QuoteContent(uncheckedText: "Quote \($0)", author: "Author \($0 % 7)", tags: ["t\($0 % 5)"]) },
                source: .api
            )
            let cases: [(QuoteOrder, String)] = [
                (.author, "quote_live_by_author_order"), (.authorDescending, "quote_live_by_author_order"),
                (.text, "quote_live_by_text_order"), (.textDescending, "quote_live_by_text_order"),
            ]
            for (order, index) in cases {
                for filter in [QuoteFilter(), QuoteFilter(tag: "t1"), QuoteFilter(minLength: 3)] {
                    for cursor in [nil, PostgresQuoteQuery.Cursor(id: 50, key: "author 3")] {
                        let page = PostgresQuoteQuery.page(filter, order: order, after: cursor, limit: 21)
                        let plan = try await database.transaction { connection in
                            try await connection.run("SET LOCAL enable_seqscan = off", logger: database.logger)
                            try await connection.run("SET LOCAL enable_sort = off", logger: database.logger)
                            var lines: [String] = []
                            let explain = PostgresQuery(unsafeSQL: "EXPLAIN " + page.sql, binds: page.binds)
                            for try await row in try await connection.query(explain, logger: database.logger) {
                                lines.append(try row.decode(String.self))
                            }
                            return lines
                        }
                        let label = Comment(rawValue: "\(order), \(filter), after \(cursor == nil ? "none" : "50"):\n\(plan.joined(separator: "\n"))")
                        #expect(plan.contains { $0.contains("Index Scan") && $0.contains(index) }, label)
                        #expect(!plan.contains { $0.contains("Sort") }, label)
                    }
                }
            }
            await database.close()
        }
    }
}
