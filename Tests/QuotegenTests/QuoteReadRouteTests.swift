import Hummingbird
import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import QuotegenCore
@testable import QuotegenJSON
@testable import QuotegenRuntime

@Suite(.timeLimit(.minutes(1))) struct QuoteReadRouteTests {
    @Test(arguments: TestEngine.all) func randomQuoteKeepsTheOriginalShapeAndIsNeverCached(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["Only one."]) { client, _ in
            let response = try await client.execute(uri: "/quote", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let json = try response.json
            #expect(json["quote"] as? String == "Only one.")
            #expect(json["source"] as? String == "seed")
            #expect(json["author"] is NSNull)
            #expect(json["tags"] as? [String] == [])
            #expect((json["created_at"] as? String)?.hasSuffix("Z") == true)
        }
    }

    @Test func randomQuoteReachesEveryLiveQuote() async throws {
        try await withApp(seed: ["A", "B", "C"]) { client, repository in
            try await client.execute(uri: "/quotes/2", method: .delete, headers: adminHeaders())
            var seen = Set<String>()
            for _ in 0..<200 {
                seen.insert(try await client.execute(uri: "/quote", method: .get).json["quote"] as! String)
            }
            #expect(seen == ["A", "C"])
        }
    }

    /// The index can hold an id that another process deleted a moment ago: a pick of it must not turn into a 404
    /// or a short batch while live quotes exist; the answer comes from SQL instead.
    @Test func aPickOfAQuoteDeletedElsewhereBeforeTheIndexRefreshedIsAnsweredFromLiveQuotes() async throws {
        try await withApp(seed: ["A", "B", "C"]) { client, repository in
            let other = try DatabaseQueue(path: repository.database.path)
            try await other.write { db in try db.execute(sql: "UPDATE quote SET deleted_at = '2026-11-30T00:00:00Z', revision = revision + 1 WHERE text = 'B'") }
            try other.close()
            // No refresh: the index still lists B.
            for _ in 0..<40 {
                let one = try await client.execute(uri: "/quote", method: .get)
                #expect(one.status == .ok)
                #expect(try one.json["quote"] as? String != "B")
                let two = try await client.execute(uri: "/quotes/random?count=2", method: .get)
                #expect(try Set(two.items.map { $0["quote"] as! String }) == ["A", "C"])
            }
        }
    }

    @Test(arguments: TestEngine.all) func emptyStoreAndUnmatchedFiltersAre404Problems(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let empty = try await client.execute(uri: "/quote", method: .get)
            #expect(empty.status == .notFound)
            #expect(empty.headers[.contentType] == "application/problem+json")
            #expect(try empty.json["detail"] as? String == "the store has no quotes")
            try await createQuote(client, #"{"quote": "Q", "author": "Ann"}"#)
            let unmatched = try await client.execute(uri: "/quote?author=Bob", method: .get)
            #expect(unmatched.status == .notFound)
            #expect(try unmatched.json["status"] as? Int == 404)
        }
    }

    @Test(arguments: TestEngine.all) func randomQuoteFiltersByAuthorCaseInsensitivelyAndByTag(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            try await createQuote(client, #"{"quote": "É1", "author": "Émile Zola", "tags": ["Novel"]}"#)
            try await createQuote(client, #"{"quote": "Other", "author": "Someone", "tags": ["poem"]}"#)
            for _ in 0..<20 {
                let byAuthor = try await client.execute(uri: "/quote?author=%C3%A9MILE%20zola", method: .get)
                #expect(try byAuthor.json["quote"] as? String == "É1")
                let byTag = try await client.execute(uri: "/quote?tag=NOVEL", method: .get)
                #expect(try byTag.json["quote"] as? String == "É1")
            }
            let both = try await client.execute(uri: "/quote?author=someone&tag=novel", method: .get)
            #expect(both.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all) func listingPagesInIdOrderWithNext(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: (1...5).map { "Quote \($0)" }) { client, _ in
            let first = try await client.execute(uri: "/quotes?limit=2", method: .get).json
            #expect((first["items"] as! [[String: Any]]).map { $0["id"] as! Int } == [1, 2])
            #expect(first["next"] as? Int == 2)
            let second = try await client.execute(uri: "/quotes?limit=2&after=2", method: .get).json
            #expect((second["items"] as! [[String: Any]]).map { $0["id"] as! Int } == [3, 4])
            let last = try await client.execute(uri: "/quotes?limit=2&after=4", method: .get).json
            #expect((last["items"] as! [[String: Any]]).map { $0["id"] as! Int } == [5])
            #expect(last["next"] is NSNull)
            let all = try await client.execute(uri: "/quotes", method: .get).json
            #expect((all["items"] as! [Any]).count == 5)
        }
    }

    @Test(arguments: TestEngine.all) func listingFiltersByAuthorTagAndText(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            try await createQuote(client, #"{"quote": "The Cat sat", "author": "Ann", "tags": ["cats"]}"#)
            try await createQuote(client, #"{"quote": "A dog ran", "author": "ann", "tags": ["dogs"]}"#)
            try await createQuote(client, #"{"quote": "Concatenate", "author": "Bob"}"#)
            func texts(_ uri: String) async throws -> [String] {
                let json = try await client.execute(uri: uri, method: .get).json
                return (json["items"] as! [[String: Any]]).map { $0["quote"] as! String }
            }
            // Words, not substrings: "cat" begins a word of the first text only.
            #expect(try await texts("/quotes?q=CAT") == ["The Cat sat"])
            #expect(try await texts("/quotes?author=ANN") == ["The Cat sat", "A dog ran"])
            #expect(try await texts("/quotes?tag=dogs") == ["A dog ran"])
            #expect(try await texts("/quotes?author=ann&q=cat") == ["The Cat sat"])
            #expect(try await texts("/quotes?tag=birds") == [])
        }
    }

    @Test(arguments: ["limit=0", "limit=101", "limit=ten", "limit=", "after=-1", "after=x", "after=1.5"])
    func badPagingIs400(query: String) async throws {
        try await withApp(seed: ["A"]) { client, _ in
            let response = try await client.execute(uri: "/quotes?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestEngine.all) func singleQuoteHasAnETagThatAnswers304(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["A"]) { client, _ in
            let response = try await client.execute(uri: "/quotes/1", method: .get)
            #expect(response.status == .ok)
            let etag = try #require(response.headers[.eTag])
            #expect(try response.json["quote"] as? String == "A")
            let cached = try await client.execute(uri: "/quotes/1", method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            #expect(cached.body.readableBytes == 0)
            let weak = try await client.execute(uri: "/quotes/1", method: .get, headers: [.ifNoneMatch: "\"x\", W/\(etag)"])
            #expect(weak.status == .notModified)
            let stale = try await client.execute(uri: "/quotes/1", method: .get, headers: [.ifNoneMatch: "\"1-0\""])
            #expect(stale.status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func unknownDeletedAndNonNumericIds(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["A"]) { client, _ in
            #expect(try await client.execute(uri: "/quotes/99", method: .get).status == .notFound)
            try await client.execute(uri: "/quotes/1", method: .delete, headers: adminHeaders())
            let deleted = try await client.execute(uri: "/quotes/1", method: .get)
            #expect(deleted.status == .notFound)
            #expect(deleted.headers[.contentType] == "application/problem+json")
            let word = try await client.execute(uri: "/quotes/abc", method: .get)
            #expect(word.status == .badRequest)
            #expect(try word.json["detail"] as? String == "the quote id must be an integer written plainly (no sign, no leading zeros); got 'abc'")
        }
    }

    @Test(arguments: TestEngine.all) func healthAndReadiness(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(try health.json["status"] as? String == "ok")
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
        }
    }

    @Test func readinessFailsWhenTheDatabaseDoesNotAnswer() async throws {
        try await withApp { client, repository in
            try repository.database.close()
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestEngine.all) func unknownRouteAndWrongMethodAreProblems(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let missing = try await client.execute(uri: "/nowhere", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(try missing.json["title"] as? String == "Not Found")
            let wrong = try await client.execute(uri: "/quote", method: .post, headers: adminHeaders(), body: jsonBody("{}"))
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "GET, HEAD")
            #expect(wrong.headers[.contentType] == "application/problem+json")
            let wrongOnItem = try await client.execute(uri: "/quotes/1", method: .post)
            #expect(wrongOnItem.status == .methodNotAllowed)
            #expect(wrongOnItem.headers[.allow] == "GET, PUT, PATCH, DELETE, HEAD")
        }
    }
}
