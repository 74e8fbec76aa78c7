import Hummingbird
import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import QuotegenCore

/// `q` as a word search: what it finds, in what order, page after page, and that nothing typed into it is read
/// as the search engine's own syntax.
@Suite(.timeLimit(.minutes(1))) struct SearchTests {
    private static let seed = [
        "Docker images are made of layers",
        "La théorie du tout",
        "THE WHALE is big",
        "Call me Ishmael, said the whale",
        "Don't panic",
        "Layers of a cake",
    ]

    private func texts(_ client: some TestClientProtocol, _ query: String) async throws -> [String] {
        let response = try await client.execute(uri: "/quotes?\(query)", method: .get)
        guard response.status == .ok else { throw TestFailure("\(query): \(response.status) \(response.text)") }
        return try response.items.map { $0["quote"] as! String }
    }

    @Test(arguments: [
        ("q=theorie", ["La théorie du tout"]),                        // accents folded
        ("q=TH%C3%89ORIE", ["La théorie du tout"]),
        ("q=DOCKER", ["Docker images are made of layers"]),           // case folded
        ("q=dock", ["Docker images are made of layers"]),             // each word a prefix
        ("q=dock+layers", ["Docker images are made of layers"]),      // all words required
        ("q=dock+whale", []),
        ("q=%22the+whale%22&sort=id", ["THE WHALE is big", "Call me Ishmael, said the whale"]),  // a phrase
        ("q=%22whale+the%22", []),
        ("q=%22the+wha%22", []),                                      // a phrase's words are whole
        ("q=don't", ["Don't panic"]),
        ("q=ishmael+said&author=nobody", []),
        ("q=at", []),                                                 // no word begins with "at"
    ])
    func aSearchFindsWordsIgnoringCaseAndAccents(query: String, expected: [String]) async throws {
        try await withApp(seed: Self.seed) { client, _ in
            let found = try await texts(client, query)
            #expect(found == expected, "\(query)")
        }
    }

    /// Everything FTS5 would read as syntax, typed as a search: a 200 with what the words match, or nothing.
    @Test(arguments: [
        "AND", "OR", "NOT", "%22", "*", "a:b", "text:whale", "NEAR(", "NEAR(whale+big,+2)", "(", ")", "^whale", "-whale",
        "whale+AND", "%7Btext%7D:+whale", "whale*", "%22%22", "+", "'", "\\", "%E2%80%8B", "whale+OR+docker", "%F0%9F%90%8B",
    ])
    func whateverIsTypedIsSearchedAsTextNeverAsSyntax(q: String) async throws {
        try await withApp(seed: Self.seed) { client, _ in
            let response = try await client.execute(uri: "/quotes?q=\(q)", method: .get)
            #expect(response.status == .ok, "\(q): \(response.text)")
            for text in try response.items.map({ $0["quote"] as! String }) {
                // Whatever it found contains the words it was given.
                let words = SearchText.words(q.removingPercentEncoding!.replacingOccurrences(of: "+", with: " "))
                    .filter { !["AND", "OR", "NOT", "NEAR"].contains($0) }
                for word in words { #expect(text.lowercased().contains(word.lowercased()), "\(q) found \(text)") }
            }
        }
    }

    @Test(arguments: TestEngine.all) func whaleWithOperatorWordsRequiresThemAsWords(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["The whale and the sea", "A whale"]) { client, _ in
            // "and" is a word to find, not FTS5's AND: only the first text has it.
            let withAnd = try await texts(client, "q=whale+AND")
            #expect(withAnd == ["The whale and the sea"])
            let withOr = try await texts(client, "q=whale+OR+sea")
            #expect(withOr.isEmpty)
        }
    }

    @Test(arguments: TestEngine.all) func aQLongerThan256CharactersIs400(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let atLimit = try await client.execute(uri: "/quotes?q=" + String(repeating: "w+", count: 128), method: .get)
            #expect(atLimit.status == .ok)
            let response = try await client.execute(uri: "/quotes?q=" + String(repeating: "%C3%A9", count: 257), method: .get)
            #expect(response.status == .badRequest)
            #expect(try response.json["detail"] as? String == "q is 257 characters long; search with at most 256")
        }
    }

    @Test(arguments: TestEngine.all) func theBestMatchComesFirstAndOtherSortsStillWork(engine: TestEngine) async throws {
        let seed = [
            "A whale, seen once among many other animals in a very long sentence about the wide sea",
            "Whale whale whale",
            "The whale sings",
        ]
        try await withApp(engine: engine, seed: seed) { client, _ in
            // bm25: more occurrences in fewer words rank higher.
            #expect(try await texts(client, "q=whale") == [seed[1], seed[2], seed[0]])
            #expect(try await texts(client, "q=whale&sort=relevance") == [seed[1], seed[2], seed[0]])
            #expect(try await texts(client, "q=whale&sort=id") == seed)
            #expect(try await texts(client, "q=whale&sort=-id") == seed.reversed())
            #expect(try await texts(client, "q=whale&sort=-created_at") == seed.reversed())
            // Without a search all are equally relevant: the tie-break, id, alone.
            let withoutQ = try await texts(client, "sort=relevance")
            #expect(withoutQ == seed)
        }
    }

    /// 60 matches of varied relevance, paged 7 at a time by `next`: the same quotes in the same order as one page
    /// of all of them, none twice, none missing.
    @Test(arguments: ["relevance", "id", "-id", "created_at", "-created_at"])
    func rankedPagesFollowEachOtherWithoutDuplicatesOrGaps(sort: String) async throws {
        let seed = (1...60).map { n in "Common " + Array(repeating: "filler", count: n % 9).joined(separator: " ") + " \(n)" }
            + (1...20).map { "Unrelated \($0)" }
        try await withApp(seed: seed) { client, _ in
            let all = try await client.execute(uri: "/quotes?q=common&sort=\(sort)&limit=100", method: .get).items.map { $0["id"] as! Int }
            #expect(all.count == 60)
            var paged: [Int] = []
            var after: Int?
            for _ in 0..<20 {
                let response = try await client.execute(
                    uri: "/quotes?q=common&sort=\(sort)&limit=7" + (after.map { "&after=\($0)" } ?? ""), method: .get
                )
                paged += try response.items.map { $0["id"] as! Int }
                after = try response.json["next"] as? Int
                if after == nil { break }
            }
            #expect(paged == all)
        }
    }

    @Test(arguments: TestEngine.all) func aCursorThatTheSearchNoLongerMatchesIs400(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["Whale one", "Whale two", "Shark"]) { client, _ in
            let response = try await client.execute(uri: "/quotes?q=whale&after=3", method: .get)
            #expect(response.status == .badRequest)
            #expect(try response.json["detail"] as? String
                == "after: quote 3 does not match q (any more); page with the same q and sort, or start again without after")
        }
    }

    /// Every way a quote's text comes, changes or goes keeps the search index in step: the API, seeding, imports,
    /// revival of a deleted quote, and a writer that is not quotegen at all.
    @Test func theSearchIndexFollowsEveryWrite() async throws {
        try await withStore { store in
            let repository = store.repository
            func found(_ q: String) async throws -> [String] {
                try await repository.quotes(matching: QuoteFilter(search: try SearchText(q)), order: .id, afterID: nil, limit: 100).map(\.text)
            }
            let created = try await repository.create(try QuoteContent(text: "Alpha beta", author: nil, tags: []), by: "test")
            #expect(try await found("alpha") == ["Alpha beta"])
            _ = try await repository.update(id: created.id, by: "test") { _ in try QuoteContent(text: "Gamma delta", author: nil, tags: []) }
            #expect(try await found("alpha").isEmpty)
            #expect(try await found("gamma") == ["Gamma delta"])
            try await repository.delete(id: created.id, by: "test") { _ in }
            #expect(try await found("gamma").isEmpty)
            _ = try await repository.addSeedQuotes(["Seeded epsilon"])
            #expect(try await found("epsilon") == ["Seeded epsilon"])
            _ = try await repository.addQuotes([QuoteContent(uncheckedText: "Imported zeta", author: "Z", tags: ["z"])], source: .api)
            #expect(try await found("zeta") == ["Imported zeta"])
            // Tombstone revival by an import with --revive.
            let report = try await repository.addQuotes([QuoteContent(uncheckedText: "Gamma delta", author: nil, tags: [])], source: .api, revive: true)
            #expect(report.revived == 1)
            #expect(try await found("gamma") == ["Gamma delta"])
            try await store.writeElsewhere { db in
                try db.execute(sql: "INSERT INTO quote (text, source, created_at, updated_at) VALUES ('Foreign eta', 'api', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")
                try db.execute(sql: "UPDATE quote SET deleted_at = '2026-01-02T00:00:00.000Z' WHERE text = 'Seeded epsilon'")
            }
            #expect(try await found("eta") == ["Foreign eta"])
            #expect(try await found("epsilon").isEmpty)
            // The index holds exactly the live quotes (FTS5 keeps one size row per indexed text).
            let (indexed, live) = try await store.database.pool.read { db in
                (try String.fetchOne(db, sql: "SELECT group_concat(id) FROM (SELECT id FROM quote_search_docsize ORDER BY id)") ?? "none",
                 try String.fetchOne(db, sql: "SELECT group_concat(id) FROM (SELECT id FROM quote WHERE deleted_at IS NULL ORDER BY id)") ?? "none either")
            }
            #expect(indexed == live && live.split(separator: ",").count == 3)
            let everyLiveText = try await repository.quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 100).map(\.text)
            for text in everyLiveText {
                let word = String(text.split(separator: " ").last!)
                #expect(try await found(word) == [text], "\(word)")
            }
        }
    }

    @Test(arguments: TestEngine.all) func theAuthorFilterIgnoresCaseAndAccentsEverywhere(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            try await createQuote(client, #"{"quote": "One", "author": "Émile Zola"}"#)
            try await createQuote(client, #"{"quote": "Two", "author": "EMILE ZOLA"}"#)
            try await createQuote(client, #"{"quote": "Three", "author": "Emile Zolan"}"#)
            #expect(try await texts(client, "author=emile+zola") == ["One", "Two"])
            #expect(try await texts(client, "author=%C3%A9mile%20zol%C3%A0") == ["One", "Two"])
            let random = try await client.execute(uri: "/quotes/random?count=10&author=emile+zola", method: .get)
            #expect(Set(try random.items.map { $0["quote"] as! String }) == ["One", "Two"])
            #expect(try await client.execute(uri: "/quote?author=EMILE+ZOLA", method: .get).status == .ok)
            // One author in the tallies, under the spelling that sorts first.
            let authors = try await client.execute(uri: "/authors", method: .get).items
            #expect(authors.map { $0["name"] as! String } == ["EMILE ZOLA", "Emile Zolan"])
            #expect(authors.first?["count"] as? Int == 2)
        }
    }

    @Test(arguments: TestEngine.all) func lengthBoundsThatNoTextFitsMatchNothing(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["Short"]) { client, _ in
            #expect(try await texts(client, "min_length=5&max_length=4") == [])
            let random = try await client.execute(uri: "/quote?min_length=5&max_length=4", method: .get)
            #expect(random.status == .notFound)
        }
    }
}
