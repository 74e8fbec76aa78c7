import Hummingbird
import Foundation
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(1))) struct TalliesRouteTests {
    private func tallies(_ response: TestResponse) throws -> [String] {
        try response.items.map { "\($0["name"] as! String)=\($0["count"] as! Int)" }
    }

    @Test(arguments: TestEngine.all) func authorsAndTagsByCountThenNameOverLiveQuotes(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["No author"]) { client, _ in
            try await createQuote(client, #"{"quote": "1", "author": "Bob", "tags": ["b", "a"]}"#)
            try await createQuote(client, #"{"quote": "2", "author": "bob", "tags": ["a"]}"#)
            try await createQuote(client, #"{"quote": "3", "author": "Ann", "tags": ["c"]}"#)
            try await createQuote(client, #"{"quote": "4", "author": "Cy", "tags": ["c", "a"]}"#)
            try await createQuote(client, #"{"quote": "5", "author": "Dee", "tags": ["z"]}"#)
            try await client.execute(uri: "/quotes/6", method: .delete, headers: adminHeaders())  // Dee's
            #expect(try tallies(try await client.execute(uri: "/authors", method: .get)) == ["Bob=2", "Ann=1", "Cy=1"])
            #expect(try tallies(try await client.execute(uri: "/tags", method: .get)) == ["a=3", "c=2", "b=1"])
        }
    }

    @Test(arguments: TestEngine.all) func pagesWithLimitAndAfter(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            for (n, author) in ["Ann", "Bob", "Bob", "Cy", "Dee", "Dee", "Dee"].enumerated() {
                try await createQuote(client, #"{"quote": "\#(n)", "author": "\#(author)"}"#)
            }
            let first = try await client.execute(uri: "/authors?limit=2", method: .get)
            #expect(try tallies(first) == ["Dee=3", "Bob=2"])
            #expect(try first.json["next"] as? String == "Bob")
            let second = try await client.execute(uri: "/authors?limit=2&after=bob", method: .get)
            #expect(try tallies(second) == ["Ann=1", "Cy=1"])
            #expect(try second.json["next"] is NSNull)
            #expect(try tallies(try await client.execute(uri: "/authors?after=Cy", method: .get)) == [])
        }
    }

    @Test(arguments: ["/authors?limit=0", "/authors?after=Nobody", "/tags?limit=x", "/tags?after=none"])
    func badPagingIs400(path: String) async throws {
        try await withApp { client, _ in
            try await createQuote(client, #"{"quote": "Q", "author": "Ann", "tags": ["t"]}"#)
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }
}
