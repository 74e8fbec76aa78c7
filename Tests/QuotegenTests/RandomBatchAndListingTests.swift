import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore

@Suite(.timeLimit(.minutes(1))) struct RandomBatchAndListingTests {
    @Test(arguments: TestEngine.all) func randomBatchGivesDistinctQuotesAndAllWhenFewerExist(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: (1...60).map { "Quote \($0)" }) { client, _ in
            for count in [1, 7, 50] {
                let response = try await client.execute(uri: "/quotes/random?count=\(count)", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let ids = try response.items.map { $0["id"] as! Int }
                #expect(ids.count == count)
                #expect(Set(ids).count == count)
            }
            let single = try await client.execute(uri: "/quotes/random", method: .get)
            #expect(try single.items.count == 1)
        }
        try await withApp(engine: engine, seed: ["A", "B", "C"]) { client, _ in
            let response = try await client.execute(uri: "/quotes/random?count=50", method: .get)
            #expect(Set(try response.items.map { $0["quote"] as! String }) == ["A", "B", "C"])
        }
    }

    @Test(arguments: TestEngine.all) func randomBatchReachesEveryQuoteOverManyCalls(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: (1...20).map { "Quote \($0)" }) { client, _ in
            // A given quote is missed by one call with probability 17/20; by 120 calls, 0.85^120 ≈ 3.4e-9, so the
            // test fails by chance less than once in ten million runs (20 quotes), where 60 calls failed once in 850.
            var seen = Set<Int>()
            for _ in 0..<120 {
                seen.formUnion(try await client.execute(uri: "/quotes/random?count=3", method: .get).items.map { $0["id"] as! Int })
            }
            #expect(seen.count == 20)
        }
    }

    @Test(arguments: ["count=0", "count=51", "count=two", "count=", "count=1&count=2"])
    func badCountIs400(query: String) async throws {
        try await withApp(seed: ["A"]) { client, _ in
            let response = try await client.execute(uri: "/quotes/random?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestEngine.all) func filtersThatMatchNothingAre404ForOneAndEmptyForLists(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["A"]) { client, _ in
            #expect(try await client.execute(uri: "/quote?tag=none", method: .get).status == .notFound)
            for path in ["/quotes/random?tag=none", "/quotes?tag=none", "/quotes?min_length=5"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(try response.items.isEmpty, "\(path)")
            }
        }
    }

    @Test func lengthFiltersBoundTheTextInCodePointsEverywhere() async throws {
        // 3, 5 and 9 code points ("café" has 4, written precomposed).
        try await withApp(seed: ["abc", "abcde", "café café"]) { client, repository in
            func texts(_ uri: String) async throws -> Set<String> {
                Set(try await client.execute(uri: uri, method: .get).items.map { $0["quote"] as! String })
            }
            #expect(try await texts("/quotes?min_length=4") == ["abcde", "café café"])
            #expect(try await texts("/quotes?max_length=5") == ["abc", "abcde"])
            #expect(try await texts("/quotes?min_length=5&max_length=5") == ["abcde"])
            #expect(try await texts("/quotes/random?count=50&min_length=9") == ["café café"])
            for _ in 0..<20 {
                let one = try await client.execute(uri: "/quote?max_length=3", method: .get)
                #expect(try one.json["quote"] as? String == "abc")
            }
            // The same answers from SQL, as before the index's first load.
            #expect(try await repository.scanningRandomQuotes(matching: QuoteFilter(minLength: 9), count: 5).map(\.text) == ["café café"])
            // The index keeps API-written quotes' lengths too.
            try await createQuote(client, #"{"quote": "ab"}"#)
            #expect(try await texts("/quotes/random?count=50&max_length=2") == ["ab"])
        }
    }

    @Test(arguments: ["min_length=-1", "max_length=x", "min_length=99999999999"])
    func badLengthBoundsAre400(query: String) async throws {
        try await withApp(seed: ["A"]) { client, _ in
            for path in ["/quote", "/quotes", "/quotes/random"] {
                let response = try await client.execute(uri: "\(path)?\(query)", method: .get)
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test(arguments: TestEngine.all) func sortOrdersAndPagesInEveryOrder(engine: TestEngine) async throws {
        let clock = TestClock("2026-11-30T10:00:00Z")
        try await withApp(engine: engine, now: { clock.now }) { client, _ in
            // Created out of id order: id 1 newest, ids 2 and 3 at the same instant.
            clock.set("2026-11-30T12:00:00Z")
            try await createQuote(client, #"{"quote": "one"}"#)
            clock.set("2026-11-30T11:00:00Z")
            try await createQuote(client, #"{"quote": "two"}"#)
            try await createQuote(client, #"{"quote": "three"}"#)
            clock.set("2026-11-30T11:30:00Z")
            try await createQuote(client, #"{"quote": "four"}"#)
            func walk(_ sort: String) async throws -> [Int] {
                var ids: [Int] = []
                var after: Int?
                var pages = 0
                repeat {
                    pages += 1
                    guard pages <= 10 else { throw TestFailure("sort=\(sort): still paging after 10 pages of one (\(ids))") }
                    let uri = "/quotes?limit=1&sort=\(sort)" + (after.map { "&after=\($0)" } ?? "")
                    let page = try await client.execute(uri: uri, method: .get).json
                    ids += (page["items"] as! [[String: Any]]).map { $0["id"] as! Int }
                    after = page["next"] as? Int
                } while after != nil
                return ids
            }
            #expect(try await walk("id") == [1, 2, 3, 4])
            #expect(try await walk("-id") == [4, 3, 2, 1])
            #expect(try await walk("created_at") == [2, 3, 4, 1])
            #expect(try await walk("-created_at") == [1, 4, 3, 2])
            // A page boundary on a quote deleted since still works.
            try await client.execute(uri: "/quotes/3", method: .delete, headers: adminHeaders())
            let afterDeleted = try await client.execute(uri: "/quotes?sort=created_at&after=3", method: .get).items
            #expect(afterDeleted.map { $0["id"] as! Int } == [4, 1])
        }
    }

    @Test(arguments: ["sort=name", "sort=", "sort=ID", "sort=created_at&after=999", "sort=id&sort=-id"])
    func badSortOrCursorIs400(query: String) async throws {
        try await withApp(seed: ["A"]) { client, _ in
            let response = try await client.execute(uri: "/quotes?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: ["/quotes", "/quotes?tag=x", "/authors", "/tags"])
    func listingsCarryStrongETagsThatAnswer304UntilTheyChange(path: String) async throws {
        try await withApp { client, _ in
            try await createQuote(client, #"{"quote": "A", "author": "Ann", "tags": ["x"]}"#)
            let first = try await client.execute(uri: path, method: .get)
            let etag = try #require(first.headers[.eTag])
            #expect(!etag.hasPrefix("W/"))
            #expect(first.headers[.cacheControl] == "no-cache")
            let same = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag])
            #expect(same.status == .notModified)
            #expect(same.body.readableBytes == 0)
            try await createQuote(client, #"{"quote": "B", "author": "Bob", "tags": ["x"]}"#)
            let changed = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != etag)
        }
    }
}
