import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QuotegenCore

/// Quotable's API under `/quotable/`, on every engine: what an app written for api.quotable.io reads there.
@Suite(.timeLimit(.minutes(2))) struct QuotableRouteTests {
    @Test(arguments: TestEngine.all) func aRandomQuoteHasQuotablesFieldsAndNoMatchIsQuotables404(engine: TestEngine) async throws {
        let clock = TestClock("2026-03-04T05:06:07Z")
        try await withApp(engine: engine, now: { clock.now }) { client, _ in
            let id = try await createQuote(client, text: "Simplicity is prerequisite for reliability.", author: "Edsger W. Dijkstra", tags: ["Simplicity"])
            let response = try await client.execute(uri: "/quotable/random", method: .get)
            #expect(response.status == .ok)
            let quote = try response.json
            #expect(quote["_id"] as? String == String(id), "ids are strings")
            #expect(quote["content"] as? String == "Simplicity is prerequisite for reliability.")
            #expect(quote["author"] as? String == "Edsger W. Dijkstra")
            #expect(quote["authorSlug"] as? String == "edsger-w-dijkstra")
            #expect(quote["length"] as? Int == 43)
            #expect(quote["tags"] as? [String] == ["simplicity"])
            #expect(quote["dateAdded"] as? String == "2026-03-04")
            #expect(quote["dateModified"] as? String == "2026-03-04")
            #expect(Set(quote.keys) == ["_id", "content", "author", "authorSlug", "length", "tags", "dateAdded", "dateModified"])

            let missed = try await client.execute(uri: "/quotable/random?tags=nonexistent", method: .get)
            #expect(missed.status == .notFound)
            #expect(try missed.json["statusCode"] as? Int == 404)
            #expect(try missed.json["statusMessage"] as? String == "The requested resource could not be found")
            #expect(missed.headers[.contentType]?.hasPrefix("application/json") == true)
            let tooShort = try await client.execute(uri: "/quotable/random?maxLength=42", method: .get)
            #expect(tooShort.status == .notFound)
            let fits = try await client.execute(uri: "/quotable/random?minLength=43&maxLength=43", method: .get)
            #expect(fits.status == .ok)
            let unknownPath = try await client.execute(uri: "/quotable/no/such/route", method: .get)
            #expect(unknownPath.status == .notFound)
            #expect(try unknownPath.json["statusCode"] as? Int == 404)
            let posted = try await client.execute(uri: "/quotable/quotes", method: .post, headers: adminHeaders(), body: jsonBody("{}"))
            #expect(posted.status == .methodNotAllowed, "read-only: other methods are a 405, in Quotable's body")
            #expect(try posted.json["statusCode"] as? Int == 405)
            #expect(posted.headers[.allow] == "GET, HEAD")
        }
    }

    @Test(arguments: TestEngine.all) func randomQuotesAreAnArrayWhoseLimitIsClampedToOneToFifty(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: (1...60).map { "Seeded quote \($0)" }) { client, _ in
            for (query, expected) in [("", 1), ("?limit=3", 3), ("?limit=0", 1), ("?limit=-4", 1), ("?limit=500", 50), ("?limit=abc", 1), ("?limit=7x", 7)] {
                let response = try await client.execute(uri: "/quotable/quotes/random\(query)", method: .get)
                #expect(response.status == .ok, "\(query)")
                let quotes = try array(response)
                #expect(quotes.count == expected, "\(query)")
                #expect(Set(quotes.compactMap { $0["_id"] as? String }).count == expected, "distinct quotes for \(query)")
            }
            let none = try await client.execute(uri: "/quotable/quotes/random?author=nobody", method: .get)
            #expect(none.status == .ok)
            #expect(try array(none).isEmpty, "no match is an empty array, not a 404")
            let twice = try await client.execute(uri: "/quotable/quotes/random?limit=1&limit=2", method: .get)
            #expect(twice.status == .badRequest)
            #expect(try twice.json["statusCode"] as? Int == 400)
        }
    }

    @Test(arguments: TestEngine.all) func tagsCombineByCommaForAllAndByBarForAnyWhateverTheCaseOrSpaces(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let both = try await createQuote(client, text: "Both", author: nil, tags: ["famous-quotes", "technology"])
            let famous = try await createQuote(client, text: "Famous", author: nil, tags: ["famous-quotes"])
            let history = try await createQuote(client, text: "History", author: nil, tags: ["history"])
            try await createQuote(client, text: "Untagged", author: nil, tags: [])
            let cases: [(String, Set<Int64>)] = [
                ("tags=technology,famous-quotes", [both]),
                ("tags=Famous%20Quotes", [both, famous]),
                ("tags=FAMOUS-QUOTES,Technology", [both]),
                ("tags=history|technology", [both, history]),
                ("tags=history|nonexistent", [history]),
                ("tags=history,nonexistent", []),
            ]
            for (query, expected) in cases {
                let response = try await client.execute(uri: "/quotable/quotes?\(query)", method: .get)
                #expect(response.status == .ok, "\(query): \(response.text)")
                #expect(Set(try ids(response.json["results"])) == expected, "\(query)")
                #expect(try response.json["totalCount"] as? Int == expected.count, "\(query)")
                let random = try await client.execute(uri: "/quotable/quotes/random?limit=50&\(query)", method: .get)
                #expect(Set(try ids(try array(random))) == expected, "random \(query)")
            }
        }
    }

    @Test(arguments: TestEngine.all) func anAuthorIsNamedByNameOrSlugWithBarAlternativesOrById(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let einstein = try await createQuote(client, text: "Imagination", author: "Albert Einstein", tags: [])
            let kobe = try await createQuote(client, text: "Mamba", author: "Kobe Bryant", tags: [])
            let zola = try await createQuote(client, text: "J'accuse", author: "Émile Zola", tags: [])
            let cases: [(String, Set<Int64>)] = [
                ("author=albert-einstein", [einstein]),
                ("author=Albert%20Einstein", [einstein]),
                ("author=albert%20einstein", [einstein]),
                ("author=Emile%20Zola", [zola]),
                ("author=albert-einstein|kobe-bryant", [einstein, kobe]),
                ("author=Kobe%20Bryant|emile-zola", [kobe, zola]),
                ("author=nobody", []),
            ]
            for (query, expected) in cases {
                let response = try await client.execute(uri: "/quotable/quotes?\(query)", method: .get)
                #expect(Set(try ids(response.json["results"])) == expected, "\(query): \(response.text)")
            }
            let comma = try await client.execute(uri: "/quotable/quotes?author=albert-einstein,kobe-bryant", method: .get)
            #expect(comma.status == .badRequest)
            #expect(try comma.json["statusMessage"] as? String == "Multiple authors should be separated by a pipe.")

            let profile = try await client.execute(uri: "/quotable/authors/slug/kobe-bryant", method: .get)
            let authorID = try #require(try profile.json["_id"] as? String)
            let byID = try await client.execute(uri: "/quotable/quotes?authorId=\(authorID)", method: .get)
            #expect(Set(try ids(byID.json["results"])) == [kobe])
            let bothWays = try await client.execute(uri: "/quotable/quotes?authorId=\(authorID)&author=albert-einstein", method: .get)
            #expect(try ids(bothWays.json["results"]).isEmpty, "named both ways, an author must be both")
            let unknownID = try await client.execute(uri: "/quotable/random?authorId=999999", method: .get)
            #expect(unknownID.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all) func theListPagesByNumberWithQuotablesCountsAndSorts(engine: TestEngine) async throws {
        let clock = TestClock("2026-01-01T00:00:00Z")
        try await withApp(engine: engine, now: { clock.now }) { client, _ in
            var created: [Int64] = []
            for number in 1...25 {
                clock.set("2026-01-\(String(format: "%02d", number))T00:00:00Z")
                created.append(try await createQuote(client, text: "Quote \(String(format: "%02d", 26 - number))", author: number.isMultiple(of: 2) ? "Bob" : "Alice", tags: []))
            }
            let first = try await client.execute(uri: "/quotable/quotes?limit=10", method: .get).json
            #expect(first["count"] as? Int == 10)
            #expect(first["totalCount"] as? Int == 25)
            #expect(first["page"] as? Int == 1)
            #expect(first["totalPages"] as? Int == 3)
            #expect(first["lastItemIndex"] as? Int == 10)
            #expect(try ids(first["results"]) == Array(created.reversed().prefix(10)), "newest first by default")
            let last = try await client.execute(uri: "/quotable/quotes?limit=10&page=3", method: .get).json
            #expect(last["count"] as? Int == 5)
            #expect(last["lastItemIndex"] is NSNull, "null on the last page")
            #expect(try ids(last["results"]) == Array(created.prefix(5).reversed()))
            let skipped = try await client.execute(uri: "/quotable/quotes?limit=10&skip=12", method: .get).json
            #expect(skipped["page"] as? Int == 2, "skip takes the place of page, as in Quotable")
            #expect(skipped["lastItemIndex"] as? Int == 22)
            #expect(try ids(skipped["results"]) == Array(created.reversed()[12..<22]))
            let beyond = try await client.execute(uri: "/quotable/quotes?limit=10&page=4", method: .get).json
            #expect(beyond["count"] as? Int == 0)
            #expect(beyond["totalCount"] as? Int == 25)

            let oldest = try await client.execute(uri: "/quotable/quotes?limit=3&order=asc", method: .get)
            #expect(try ids(oldest.json["results"]) == Array(created.prefix(3)))
            let byContent = try await client.execute(uri: "/quotable/quotes?sortBy=content&limit=2", method: .get)
            #expect(try ids(byContent.json["results"]) == [created[24], created[23]], "content ascending by default")
            let byAuthor = try await client.execute(uri: "/quotable/quotes?sortBy=author&order=desc&limit=2&page=1", method: .get)
            #expect(try ids(byAuthor.json["results"]) == [created[23], created[21]], "Bob first, then by id descending")
            let pageTwoOfAuthor = try await client.execute(uri: "/quotable/quotes?sortBy=author&limit=10&page=2", method: .get)
            #expect(try ids(pageTwoOfAuthor.json["results"]).count == 10)
            #expect(try (pageTwoOfAuthor.json["results"] as! [[String: Any]]).map { $0["author"] as! String } == Array(repeating: "Alice", count: 3) + Array(repeating: "Bob", count: 7))

            let clamped = try await client.execute(uri: "/quotable/quotes?limit=1000&page=abc", method: .get).json
            #expect(clamped["count"] as? Int == 25)
            #expect(clamped["page"] as? Int == 1)
            let filtered = try await client.execute(uri: "/quotable/quotes?author=bob&limit=5&page=2", method: .get).json
            #expect(filtered["totalCount"] as? Int == 12)
            #expect(filtered["totalPages"] as? Int == 3)
            #expect(filtered["lastItemIndex"] as? Int == 10)
            let modified = try await client.execute(uri: "/quotable/quotes?sortBy=dateModified", method: .get)
            #expect(modified.status == .badRequest)
            #expect(try (modified.json["statusMessage"] as? String)?.contains("dateModified") == true)
        }
    }

    @Test(arguments: TestEngine.all) func quotesAndAuthorsAreFoundByIdOrSlugAndTagsAreListed(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, text: "Talk is cheap.", author: "Linus Torvalds", tags: ["code", "talk"])
            try await createQuote(client, text: "Show me the code.", author: "Linus Torvalds", tags: ["code"])
            let anonymous = try await createQuote(client, text: "Nobody said this.", author: nil, tags: [])
            let quote = try await client.execute(uri: "/quotable/quotes/\(id)", method: .get)
            #expect(try quote.json["content"] as? String == "Talk is cheap.")
            let unknown = try await client.execute(uri: "/quotable/quotes/\(anonymous)", method: .get).json
            #expect(unknown["author"] as? String == "Unknown")
            #expect(unknown["authorSlug"] as? String == "unknown")
            for missing in ["999999", "abc", "01"] {
                let response = try await client.execute(uri: "/quotable/quotes/\(missing)", method: .get)
                #expect(response.status == .notFound, "\(missing)")
                #expect(try response.json["statusCode"] as? Int == 404)
            }

            let author = try await client.execute(uri: "/quotable/authors/slug/linus-torvalds", method: .get).json
            #expect(author["name"] as? String == "Linus Torvalds")
            #expect(author["slug"] as? String == "linus-torvalds")
            #expect(author["quoteCount"] as? Int == 2)
            #expect(author["bio"] as? String == "")
            #expect(Set(author.keys) == ["_id", "name", "slug", "bio", "description", "link", "quoteCount", "dateAdded", "dateModified"])
            let authorID = try #require(author["_id"] as? String)
            let byID = try await client.execute(uri: "/quotable/authors/\(authorID)", method: .get).json
            #expect(byID["slug"] as? String == "linus-torvalds")
            for missing in ["/quotable/authors/slug/nobody", "/quotable/authors/slug/Not%20A%20Slug", "/quotable/authors/999999", "/quotable/authors/x"] {
                let response = try await client.execute(uri: missing, method: .get)
                #expect(response.status == .notFound, "\(missing)")
            }

            let byName = try array(try await client.execute(uri: "/quotable/tags", method: .get))
            #expect(byName.map { $0["name"] as? String } == ["code", "talk"])
            #expect(byName.map { $0["quoteCount"] as? Int } == [2, 1])
            let byCount = try array(try await client.execute(uri: "/quotable/tags?sortBy=quoteCount&order=asc", method: .get))
            #expect(byCount.map { $0["name"] as? String } == ["talk", "code"])
            let dated = try await client.execute(uri: "/quotable/tags?sortBy=dateAdded", method: .get)
            #expect(dated.status == .badRequest)
        }
    }

    @Test(arguments: TestEngine.all) func authorsAreListedBySlugsSortedAndPagedAndSearchedByName(engine: TestEngine) async throws {
        let clock = TestClock("2026-01-01T00:00:00Z")
        try await withApp(engine: engine, now: { clock.now }) { client, _ in
            for (day, name, quotes) in [(1, "Charles Dickens", 1), (2, "Albert Einstein", 3), (3, "Bertrand Russell", 2), (4, "Albert Camus", 1)] {
                clock.set("2026-02-0\(day)T00:00:00Z")
                for number in 1...quotes { try await createQuote(client, text: "\(name) \(number)", author: name, tags: []) }
            }
            func names(_ query: String) async throws -> [String] {
                let response = try await client.execute(uri: "/quotable/authors\(query)", method: .get)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return try (response.json["results"] as? [[String: Any]] ?? []).map { $0["name"] as! String }
            }
            #expect(try await names("") == ["Albert Camus", "Albert Einstein", "Bertrand Russell", "Charles Dickens"], "by name")
            #expect(try await names("?sortBy=quoteCount") == ["Albert Einstein", "Bertrand Russell", "Albert Camus", "Charles Dickens"])
            #expect(try await names("?sortBy=dateAdded") == ["Albert Camus", "Bertrand Russell", "Albert Einstein", "Charles Dickens"], "newest first")
            #expect(try await names("?sortBy=name&order=desc&limit=2&page=2") == ["Albert Einstein", "Albert Camus"])
            #expect(try await names("?slug=albert-einstein|charles-dickens") == ["Albert Einstein", "Charles Dickens"])
            #expect(try await names("?slug=Albert%20Camus,bertrand-russell") == ["Albert Camus", "Bertrand Russell"])
            #expect(try await names("?name=Albert%20Einstein") == ["Albert Einstein"], "name and slugs are read like slug")
            #expect(try await names("?slugs=charles-dickens") == ["Charles Dickens"])
            #expect(try await names("?limit=2&skip=3") == ["Charles Dickens"])
            let listed = try await client.execute(uri: "/quotable/authors?limit=3", method: .get).json
            #expect(listed["totalCount"] as? Int == 4)
            #expect(listed["totalPages"] as? Int == 2)
            #expect(listed["lastItemIndex"] as? Int == 3)
            #expect((listed["results"] as? [[String: Any]])?.first?["quoteCount"] as? Int == 1)

            func found(_ query: String) async throws -> [String] {
                let response = try await client.execute(uri: "/quotable/search/authors?\(query)", method: .get)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return try (response.json["results"] as? [[String: Any]] ?? []).map { $0["name"] as! String }
            }
            #expect(try await found("query=albert") == ["Albert Camus", "Albert Einstein"])
            #expect(try await found("query=alb%20ein") == ["Albert Einstein"], "word beginnings, both needed")
            #expect(try await found("query=alb%20ein&autocomplete=false") == [])
            #expect(try await found("query=albert%20russell&matchThreshold=1") == ["Albert Camus", "Albert Einstein", "Bertrand Russell"])
            #expect(try await found("query=%C3%A9instein") == ["Albert Einstein"], "accents folded")
            let missing = try await client.execute(uri: "/quotable/search/authors", method: .get)
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.json["statusMessage"] as? String == "Missing required parameter: `query`")
        }
    }

    @Test(arguments: TestEngine.all) func quotesAreSearchedByWordsAndPhrasesBestFirstInPages(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let both = try await createQuote(client, text: "Simple things should be simple, complex things should be possible.", author: "Alan Kay", tags: [])
            let one = try await createQuote(client, text: "Simplicity is a great virtue.", author: "Edsger W. Dijkstra", tags: [])
            try await createQuote(client, text: "Nothing to see here.", author: nil, tags: [])
            let simple = try await client.execute(uri: "/quotable/search/quotes?query=simpl", method: .get).json
            // Best first by each engine's own ranking (bm25 in SQLite, ts_rank in PostgreSQL), which may differ.
            let ranked = try ids(simple["results"])
            #expect(Set(ranked) == [both, one], "prefix words")
            #expect(simple["totalCount"] as? Int == 2)
            let phrase = try await client.execute(uri: "/quotable/search/quotes?query=%22great%20virtue%22", method: .get).json
            #expect(try ids(phrase["results"]) == [one])
            let paged = try await client.execute(uri: "/quotable/search/quotes?query=simpl&limit=1&page=2", method: .get).json
            #expect(try ids(paged["results"]) == [ranked[1]], "page 2 holds the second best")
            #expect(paged["lastItemIndex"] is NSNull)
            for query in ["", "?query=", "?query=%20%20"] {
                let missing = try await client.execute(uri: "/quotable/search/quotes\(query)", method: .get)
                #expect(missing.status == .unprocessableContent, "\(query)")
            }
        }
    }

    @Test func browserAppsMayReadTheQuotableRoutesFromAnyOrigin() async throws {
        try await withApp(seed: ["One quote"]) { client, _ in
            let response = try await client.execute(uri: "/quotable/random", method: .get, headers: [.origin: "https://app.example"])
            #expect(response.headers[.accessControlAllowOrigin] == "*")
        }
    }

    private func array(_ response: TestResponse) throws -> [[String: Any]] {
        guard let array = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]] else {
            throw TestFailure("body is not an array: \(response.text)")
        }
        return array
    }

    private func ids(_ results: Any?) throws -> [Int64] {
        guard let results = results as? [[String: Any]] else { throw TestFailure("no results: \(String(describing: results))") }
        return results.map { Int64($0["_id"] as! String)! }
    }
}
