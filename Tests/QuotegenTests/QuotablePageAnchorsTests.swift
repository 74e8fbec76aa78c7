import Foundation
import Testing
@testable import QuotegenCore
@testable import QuotegenHTTP

/// Numbered pages from keyset anchors (`QuotablePageAnchors`) are the pages that skipping gives, on every engine,
/// in every order, filtered or not; here with small anchor spacing so that a small store has many anchors.
@Suite(.timeLimit(.minutes(2))) struct QuotablePageAnchorsTests {
    @Test(arguments: TestEngine.all) func aPageFromAnchorsIsThePageThatSkippingGives(engine: TestEngine) async throws {
        try await engine.withStore { store, _ in
            let contents = try (1...103).map { n in
                try QuoteContent(text: "Quote \(String(format: "%03d", (n * 37) % 103))", author: "Author \(n % 4)", tags: n % 3 == 0 ? ["third"] : ["other"])
            }
            _ = try await store.addQuotes(contents, source: .api)
            let filters = [QuoteFilter(), QuoteFilter(tag: "third"), QuoteFilter(authors: ["Author 1", "Author 2"], tags: [])]
            for filter in filters {
                for order in [QuoteOrder.createdAtDescending, .id, .author, .textDescending] {
                    let anchors = QuotablePageAnchors(threshold: 10, spacing: 7, lifetime: .seconds(3600))
                    // Before its anchors are walked, a deep page skips its matches (and starts the walk).
                    let total = try await store.quoteCount(matching: filter)
                    let skipped = try await store.quotes(matching: filter, order: order, afterID: nil, offset: 12, limit: 5)
                    #expect(try await anchors.page(store, matching: filter, order: order, offset: 12, limit: 5) == skipped)
                    try await anchors.prepare(store, matching: filter, order: order)
                    #expect(try await anchors.anchors(store, matching: filter, order: order).count == total / 7)
                    for offset in 0...(total + 2) {
                        let expected = try await store.quotes(matching: filter, order: order, afterID: nil, offset: offset, limit: 5)
                        let paged = try await anchors.page(store, matching: filter, order: order, offset: offset, limit: 5)
                        #expect(paged.map(\.id) == expected.map(\.id), "\(filter) \(order) offset \(offset)")
                    }
                }
            }
        }
    }
}
