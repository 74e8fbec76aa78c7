import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore

/// `sort=author`, `-author`, `text`, `-text`: by the key (the folded author, no author as the empty name; the text's
/// first 64 code points), ties by id, paged by keyset cursors that neither skip nor repeat across ties.
@Suite(.timeLimit(.minutes(2))) struct SortKeyTests {
    /// Authors with several quotes each (ties), spelled in different cases and accents (one key), some without;
    /// texts whose first 64 characters are the same (ties on the text key) and texts that sort by case and accent.
    static let quotes: [(text: String, author: String?, tags: [String])] = {
        let prefix = String(repeating: "All the world's a stage, and all the men and women merely players. ", count: 1)
        var quotes: [(String, String?, [String])] = []
        let authors: [String?] = ["Zoé", "zoe", "Ada", nil, "Émile", "bo", "Émile", nil, "Ada", "ZOE"]
        for n in 0..<20 {
            let text = n % 3 == 0 ? "\(prefix)variant \(n)" : ["apple \(n)", "Banana \(n)", "éclair \(n)", "Zebra \(n)"][n % 4]
            quotes.append((text, authors[n % authors.count], n % 2 == 0 ? ["x"] : ["y"]))
        }
        return quotes
    }()

    static func key(_ order: String, _ quote: (text: String, author: String?, tags: [String])) -> [UInt8] {
        order.hasSuffix("author")
            ? Array((quote.author?.searchKey ?? "").utf8)
            : Array(String(String.UnicodeScalarView(quote.text.unicodeScalars.prefix(QuoteOrder.textKeyLength))).utf8)
    }

    @Test(arguments: TestEngine.all) func everySortKeyPagesInOrderAcrossTiesWithAndWithoutFilters(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            var byID: [Int: (text: String, author: String?, tags: [String])] = [:]
            for quote in Self.quotes {
                byID[Int(try await createQuote(client, text: quote.text, author: quote.author, tags: quote.tags))] = quote
            }
            let filters: [(query: String, matches: @Sendable ((text: String, author: String?, tags: [String])) -> Bool)] = [
                ("", { _ in true }),
                ("&tag=x", { $0.tags.contains("x") }),
                ("&author=zoe", { $0.author?.searchKey == "zoe" }),
                ("&author=zoe%7Cada%7Cbo", { ["zoe", "ada", "bo"].contains($0.author?.searchKey) }),
                ("&tag=x%7Cy&author=emile%7Cada", { ["emile", "ada"].contains($0.author?.searchKey) }),
                ("&q=world", { $0.text.contains("world") }),
            ]
            for order in ["author", "-author", "text", "-text"] {
                for (query, matches) in filters {
                    var keyed: [(id: Int, key: [UInt8])] = []
                    for (id, quote) in byID where matches(quote) { keyed.append((id, Self.key(order, quote))) }
                    keyed.sort { a, b in a.key == b.key ? a.id < b.id : a.key.lexicographicallyPrecedes(b.key) }
                    let ascending: [Int] = keyed.map(\.id)
                    let expected = order.hasPrefix("-") ? Array(ascending.reversed()) : ascending
                    var paged: [Int] = []
                    var after = ""
                    for _ in 0..<25 {
                        let page = try await client.execute(uri: "/quotes?limit=2&sort=\(order)\(after)\(query)", method: .get)
                        #expect(page.status == .ok, "sort=\(order)\(query): \(page.text)")
                        paged += try page.items.map { $0["id"] as! Int }
                        guard let next = try page.json["next"] as? Int else { break }
                        after = "&after=\(next)"
                    }
                    #expect(paged == expected, "sort=\(order)\(query)")
                }
            }
            // A page boundary on a quote deleted since still works: the tombstone keeps its author and text.
            let first = try await client.execute(uri: "/quotes?limit=3&sort=author", method: .get)
            let boundary = try #require(try first.json["next"] as? Int)
            try await client.execute(uri: "/quotes/\(boundary)", method: .delete, headers: adminHeaders())
            let rest = try await client.execute(uri: "/quotes?limit=100&sort=author&after=\(boundary)", method: .get)
            let all = try await client.execute(uri: "/quotes?limit=100&sort=author", method: .get)
            #expect(try rest.items.map { $0["id"] as! Int } == Array(try all.items.map { $0["id"] as! Int }.dropFirst(2)))
        }
    }
}
