import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore
@testable import QuotegenIndex
@testable import QuotegenSQLite

/// `tag=a,b` (all of), `tag=a|b` (any of) and `author=x|y` (any of), as Quotable's clients write them, on every
/// read that filters: the index's random picks, the SQL fallback, and the listings.
@Suite(.timeLimit(.minutes(1))) struct FilterExpressionTests {
    /// Twelve quotes: authors cycle through three (one with accents), tags through combinations of a, b and c.
    static let quotes: [(text: String, author: String?, tags: [String])] = (0..<12).map { n in
        let authors = ["Émile Zola", "Ada Lovelace", nil]
        let tags = [["a"], ["b"], ["a", "b"], ["c"], ["a", "c"], []]
        return ("Quote \(n)", authors[n % 3], tags[n % 6])
    }

    /// Each expression with what it must find, as a predicate on the quotes above.
    static let expressions: [(query: String, matches: @Sendable (String?, [String]) -> Bool)] = [
        ("tag=a,b", { _, tags in tags.contains("a") && tags.contains("b") }),
        ("tag=a%7Cb", { _, tags in tags.contains("a") || tags.contains("b") }),
        ("tag=A%7Cc%7Cnone", { _, tags in tags.contains("a") || tags.contains("c") }),
        ("tag=a,b,none", { _, _ in false }),
        ("tag=b,a", { _, tags in tags.contains("a") && tags.contains("b") }),
        ("author=emile+zola%7Cada+lovelace", { author, _ in author != nil }),
        ("author=Nobody%7CADA+LOVELACE", { author, _ in author == "Ada Lovelace" }),
        ("author=emile+zola%7Cada+lovelace&tag=c%7Cb", { author, tags in author != nil && (tags.contains("c") || tags.contains("b")) }),
        ("author=%C3%89mile+Zola&tag=a,c", { author, tags in author == "Émile Zola" && tags.contains("a") && tags.contains("c") }),
        ("tag=a&author=Nobody%7CNone", { _, _ in false }),
    ]

    @Test(arguments: TestEngine.all) func everyExpressionFindsExactlyItsQuotesOnEveryRead(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, store in
            var ids: [String: (author: String?, tags: [String])] = [:]
            for quote in Self.quotes {
                let id = try await createQuote(client, text: quote.text, author: quote.author, tags: quote.tags)
                ids[String(id)] = (quote.author, quote.tags)
            }
            for (query, matches) in Self.expressions {
                let expected = Set(ids.filter { matches($0.value.author, $0.value.tags) }.keys)
                let listed = try await client.execute(uri: "/quotes?limit=100&\(query)", method: .get)
                #expect(listed.status == .ok, "\(query)")
                #expect(Set(try listed.items.map { "\($0["id"]!)" }) == expected, "/quotes?\(query)")
                // Paged two at a time in every order: each match once, in order (merged walks keep the order).
                for order in ["id", "-id", "created_at", "-created_at"] {
                    var paged: [String] = []
                    var after = ""
                    for _ in 0..<12 {
                        let page = try await client.execute(uri: "/quotes?limit=2&sort=\(order)\(after)&\(query)", method: .get)
                        paged += try page.items.map { "\($0["id"]!)" }
                        guard let next = try page.json["next"] as? Int else { break }
                        after = "&after=\(next)"
                    }
                    let inOrder = expected.sorted { Int($0)! < Int($1)! }
                    #expect(paged == (order.hasPrefix("-") ? inOrder.reversed() : inOrder), "/quotes?sort=\(order)&\(query)")
                }
                let random = try await client.execute(uri: "/quotes/random?count=50&\(query)", method: .get)
                let drawn = try random.items.map { "\($0["id"]!)" }
                #expect(Set(drawn) == expected && drawn.count == expected.count, "/quotes/random?\(query)")
                let one = try await client.execute(uri: "/quote?\(query)", method: .get)
                if expected.isEmpty {
                    #expect(one.status == .notFound, "/quote?\(query)")
                } else {
                    #expect(expected.contains("\(try one.json["id"]!)"), "/quote?\(query)")
                }
            }
            // Without the index (a store whose first load is still running), the SQL fallback finds the same.
            guard let sqlite = store as? SQLiteQuoteRepository else { return }
            for (filter, count) in [(QuoteFilter(authors: [], tags: ["a", "b"], tagMatch: .any), 8), (QuoteFilter(authors: ["ada lovelace", "émile zola"], tags: ["a", "c"], tagMatch: .all), 2)] {
                #expect(try await sqlite.scanningRandomQuotes(matching: filter, count: 50).count == count, "\(filter)")
            }
        }
    }

    @Test(arguments: [
        ("tag=a,b%7Cc", "mixes ','"), ("tag=a,,b", "empty term"), ("tag=%7Ca", "empty term"), ("tag=", "tag is empty"),
        ("author=x%7C", "empty term"), ("author=", "author is empty"),
        ("tag=" + (1...11).map { "t\($0)" }.joined(separator: ","), "11 terms; the limit is 10"),
        ("author=" + (1...11).map { "a\($0)" }.joined(separator: "%7C"), "11 terms; the limit is 10"),
    ])
    func aMalformedExpressionIs400NamingTheRuleOnEveryRead(query: String, rule: String) async throws {
        try await withApp(seed: ["One"]) { client, _ in
            for path in ["/quote", "/quotes", "/quotes/random"] {
                let response = try await client.execute(uri: "\(path)?\(query)", method: .get)
                #expect(response.status == .badRequest, "\(path)?\(query)")
                #expect(try (response.json["detail"] as? String ?? "").contains(rule), "\(path)?\(query): \(response.text)")
            }
        }
    }

    @Test func aCommaInAnAuthorIsPartOfTheName() async throws {
        try await withApp { client, _ in
            try await createQuote(client, #"{"quote": "Free at last", "author": "Martin Luther King, Jr."}"#)
            let response = try await client.execute(uri: "/quotes?author=martin+luther+king,+jr.", method: .get)
            #expect(try response.items.count == 1)
        }
    }
}

@Suite(.timeLimit(.minutes(1))) struct AnyOfTagPickTests {
    /// 300 quotes tagged `a` only, 300 `b` only, 300 both (and 3,000 with none): an any-of pick samples the two tags' lists, where each
    /// quote of the third group stands twice. It must still be drawn a third of the time, not half (which counting
    /// both lists' entries would give). 30,000 picks: the share's standard deviation is 0.0027, the band ±0.03.
    @Test func anAnyOfPickIsUniformOverQuotesThatHaveSeveralOfTheTags() {
        let index = QuoteIndex()
        let groups: [[String]] = [["a"], ["b"], ["a", "b"]]
        index.apply((0..<900).map { n in
            (Int64(n + 1), QuoteSummary(id: Int64(n + 1), revision: 1, author: nil, tags: groups[n / 300], length: 10))
        })
        // And 3,000 without tags, so that the tags' lists (1,200 entries) are smaller than the set of all quotes
        // and the pick samples them rather than every quote.
        index.apply((901...3_900).map { id in (Int64(id), QuoteSummary(id: Int64(id), revision: 1, author: nil, tags: [], length: 10)) })
        let filter = QuoteFilter(authors: [], tags: ["a", "b"], tagMatch: .any)
        var both = 0
        let draws = 30_000
        for _ in 0..<draws {
            let id = index.randomIDs(matching: filter, count: 1)[0]
            #expect(id <= 900)
            if id > 600 { both += 1 }
        }
        let share = Double(both) / Double(draws)
        #expect(abs(share - 1.0 / 3.0) < 0.03, "quotes with both tags drawn \(share) of the time")
    }
}
