import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite
@testable import QuotegenHTTP

/// `GET /quotes?total=true`: the count of every quote the same filters list, whichever way it is answered (the
/// in-memory index without a search, SQL with one, SQL before the index has loaded).
@Suite(.timeLimit(.minutes(2))) struct TotalsTests {
    @Test(arguments: TestEngine.all) func theTotalMatchesAPlainCountForRandomFilterCombinations(engine: TestEngine) async throws {
        let seed = TestSeed.make()
        let replay = TestSeed.replay(seed)
        var generator = SplitMix(seed: seed)
        let authors = ["Ada", "Émile Zola", "Bo", nil]
        let tags = ["a", "b", "c", "d"]
        let words = ["river", "stone", "light", "window"]
        let quotes: [(text: String, author: String?, tags: [String])] = (0..<60).map { n in
            let text = "\(words[n % 4]) \(String(repeating: "x", count: Int.random(in: 0...30, using: &generator))) \(n)"
            return (text, authors.randomElement(using: &generator)!, tags.filter { _ in Bool.random(using: &generator) })
        }
        // Random combinations of every filter, as query strings with the predicate each must count.
        let filters: [(query: String, matches: @Sendable ((text: String, author: String?, tags: [String])) -> Bool)] = (0..<40).map { _ in
            var query: [String] = []
            var checks: [@Sendable ((text: String, author: String?, tags: [String])) -> Bool] = []
            if Bool.random(using: &generator) {
                let names = Array(authors.compactMap { $0 }.shuffled(using: &generator).prefix(Int.random(in: 1...2, using: &generator)))
                query.append("author=" + names.map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }.joined(separator: "%7C"))
                checks.append { quote in names.contains { $0 == quote.author } }
            }
            if Bool.random(using: &generator) {
                let picked = Array(tags.shuffled(using: &generator).prefix(Int.random(in: 1...3, using: &generator)))
                let any = Bool.random(using: &generator)
                query.append("tag=" + picked.joined(separator: any ? "%7C" : ","))
                checks.append { quote in any ? picked.contains(where: quote.tags.contains) : picked.allSatisfy(quote.tags.contains) }
            }
            if Int.random(in: 0..<4, using: &generator) == 0 {
                let word = words.randomElement(using: &generator)!
                query.append("q=\(word)")
                checks.append { quote in quote.text.hasPrefix(word) }
            }
            if Bool.random(using: &generator) {
                let bound = Int.random(in: 8...40, using: &generator)
                let isMinimum = Bool.random(using: &generator)
                query.append("\(isMinimum ? "min" : "max")_length=\(bound)")
                checks.append { quote in isMinimum ? quote.text.unicodeScalars.count >= bound : quote.text.unicodeScalars.count <= bound }
            }
            let all = checks
            return (query.joined(separator: "&"), { quote in all.allSatisfy { $0(quote) } })
        }
        try await withApp(engine: engine) { client, store in
            for quote in quotes {
                try await createQuote(client, text: quote.text, author: quote.author, tags: quote.tags)
            }
            // SQL's count, as a store answers before its index has loaded (SQLite: a second repository whose index
            // never loads; PostgreSQL answers every search by SQL, checked through the route below).
            let unindexed = (store as? SQLiteQuoteRepository).map { SQLiteQuoteRepository(database: $0.database) }
            for (query, matches) in filters {
                let expected = quotes.filter(matches).count
                let response = try await client.execute(uri: "/quotes?total=true&limit=1&\(query)", method: .get)
                #expect(try response.json["total"] as? Int == expected, "\(query): \(response.text) \(replay)")
                if let unindexed {
                    let filter = try QuoteQueryParameters(query: query).filter(allowsText: true)
                    #expect(try await unindexed.quoteCount(matching: filter) == expected, "SQL, \(query) \(replay)")
                }
            }
            let plain = try await client.execute(uri: "/quotes?limit=1", method: .get)
            #expect(try plain.json["total"] == nil, "without total=true, no total (and no count)")
        }
    }

    @Test(arguments: ["total=yes", "total=", "total=1", "total=true&total=false"])
    func aTotalThatIsNotTrueOrFalseIs400(query: String) async throws {
        try await withApp(seed: ["One"]) { client, _ in
            let response = try await client.execute(uri: "/quotes?\(query)", method: .get)
            #expect(response.status == .badRequest, "\(query)")
        }
    }
}
