import Foundation
import GRDB
import Testing
@testable import QuotegenApp

/// The listing's statements, as `QuoteQuery.page` writes them for the repository, checked with SQLite's own
/// `EXPLAIN QUERY PLAN`: a page must walk an index (or the rowid) in its order and stop at its limit, never sort
/// every live quote first.
@Suite(.timeLimit(.minutes(1))) struct QueryPlanTests {
    @Test(arguments: QuoteOrder.allCases)
    func everySortOfTheListingWalksAnIndexInstead0fSortingTheTable(order: QuoteOrder) async throws {
        try await withStore { store in
            _ = try await store.repository.addSeedQuotes((1...200).map { "Quote \($0)" })
            for cursor in [nil, QuoteQuery.Cursor(id: 50, createdAt: "2026-11-30T00:00:00.000Z")] {
                let page = QuoteQuery.page(QuoteFilter(), order: order, after: cursor, limit: 21)
                let plan = try await store.database.pool.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + QuoteQuery.statement(page), arguments: page.arguments)
                        .map { (parent: $0["parent"] as Int, detail: $0["detail"] as String) }
                }
                // The statement's own steps (parent 0); the tags subquery sorts each quote's few tags, which is fine.
                let top = plan.filter { $0.parent == 0 }.map(\.detail)
                #expect(!top.contains { $0.contains("TEMP B-TREE") }, "\(order) after \(String(describing: cursor?.id)): \(top)")
                let walk = try #require(top.first)
                let ordered = walk.contains("USING INDEX quote_live_by_created_at") || walk.contains("INTEGER PRIMARY KEY")
                    || (walk == "SCAN q" && (order == .id || order == .idDescending))
                #expect(ordered, "\(order): \(walk)")
            }
        }
    }
}
