import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenTransfer
@testable import QuotegenHTTP

/// Inputs at the edges of what the API accepts: each is refused with a clear 4xx and changes nothing, or is
/// stored in the one form that every input path agrees on.
@Suite(.timeLimit(.minutes(1))) struct InputEdgeTests {
    @Test(arguments: ["%zz", "%", "%e9", "%C3%28", "%00", "%1b", "a%0Ab"])
    func aMalformedOrControlQueryValueIs400OnEveryRoute(value: String) async throws {
        try await withApp(seed: ["One"]) { client, _ in
            for path in ["/quotes?q=", "/quote?author=", "/authors?after=", "/healthz?x="] {
                let response = try await client.execute(uri: path + value, method: .get)
                #expect(response.status == .badRequest, "\(path)\(value)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test(arguments: TestEngine.all) func aPlusInTheQueryIsASpaceAsBrowsersSendIt(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            try await createQuote(client, #"{"quote": "To be or not", "author": "Oscar Wilde"}"#)
            for path in ["/quotes", "/quotes/random"] {
                let byAuthor = try await client.execute(uri: "\(path)?author=Oscar+Wilde", method: .get)
                #expect(try byAuthor.items.count == 1, "\(path)")
                let literalPlus = try await client.execute(uri: "\(path)?author=Oscar%2BWilde", method: .get)
                #expect(try literalPlus.items.isEmpty, "\(path)")
            }
            #expect(try await client.execute(uri: "/quote?author=Oscar+Wilde", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/quote?author=Oscar%2BWilde", method: .get).status == .notFound)
            let byText = try await client.execute(uri: "/quotes?q=%22be+or%22+not", method: .get)
            #expect(try byText.items.count == 1)
        }
    }

    @Test(arguments: ["+1", "01", "-0", "1.0", " 1"])
    func anIdHasOneSpelling(id: String) async throws {
        try await withApp(seed: ["One"]) { client, _ in
            let response = try await client.execute(uri: "/quotes/\(id.replacingOccurrences(of: " ", with: "%20"))", method: .get)
            #expect(response.status == .badRequest, "\(id)")
        }
    }

    @Test(arguments: ["latin1", "ISO-8859-1", "\"utf-16\""])
    func aCharsetOtherThanUTF8Is415(charset: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(
                uri: "/quotes", method: .post,
                headers: adminHeaders([.contentType: "application/json; charset=\(charset)"]), body: jsonBody(#"{"quote": "x"}"#)
            )
            #expect(response.status == .unsupportedMediaType)
            #expect(try response.json["detail"] as? String == "the body must be UTF-8; got charset '\(charset.replacingOccurrences(of: "\"", with: ""))'")
            let utf8 = try await client.execute(
                uri: "/quotes", method: .post,
                headers: adminHeaders([.contentType: "application/json; charset=UTF-8"]), body: jsonBody(#"{"quote": "x"}"#)
            )
            #expect(utf8.status == .created)
        }
    }

    @Test func composedAndDecomposedSpellingsAreOneQuoteOnEveryInputPath() async throws {
        let composed = "Caf\u{E9} au lait"
        let decomposed = "Cafe\u{301} au lait"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        try await withApp { client, repository in
            let id = try await createQuote(client, #"{"quote": "\#(composed)", "author": "Zo\#u{EB}", "tags": ["caf\#u{E9}"]}"#)
            let again = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "\#(decomposed)"}"#)
            )
            #expect(again.status == .conflict)
            #expect(try (again.json["existing_id"] as? NSNumber)?.int64Value == id)
            // The seed and import paths find it too: nothing is added.
            #expect(try await repository.addSeedQuotes(SeedFile(contents: Data("\(decomposed)\n".utf8)).texts) == 0)
            // Filters written either way find the stored form.
            let byAuthor = try await client.execute(uri: "/quotes?author=Zoe%CC%88", method: .get)
            #expect(try byAuthor.items.count == 1)
            let byTag = try await client.execute(uri: "/quotes?tag=cafe%CC%81", method: .get)
            #expect(try byTag.items.count == 1)
            let stored = try #require(try await repository.quote(id: id))
            #expect(Array(stored.text.utf8) == Array(composed.utf8))
        }
    }

    @Test(arguments: ["", " ", "0", "abc", "\"open", "W/", "\"a\" \"b\"", "\"a\",", ",\"a\"", "*, \"a\"", "\"a b\""])
    func aMalformedIfMatchIs400AndChangesNothing(ifMatch: String) async throws {
        try await withApp(seed: ["One"]) { client, _ in
            for method in [HTTPRequest.Method.put, .patch, .delete] {
                let response = try await client.execute(
                    uri: "/quotes/1", method: method, headers: adminHeaders([.ifMatch: ifMatch]), body: jsonBody(#"{"quote": "Two"}"#)
                )
                #expect(response.status == .badRequest, "\(method) If-Match: \(ifMatch)")
            }
            #expect(try await client.execute(uri: "/quotes/1", method: .get).json["quote"] as? String == "One")
        }
    }

    @Test(arguments: TestEngine.all) func aListOfETagsMayHoldCommasInsideATag(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["One"]) { client, _ in
            let etag = try #require(try await client.execute(uri: "/quotes/1", method: .get).headers[.eTag])
            let response = try await client.execute(
                uri: "/quotes/1", method: .patch, headers: adminHeaders([.ifMatch: #"W/"a,b", "x,y" , \#(etag)"#]),
                body: jsonBody(#"{"quote": "Two"}"#)
            )
            #expect(response.status == .ok)
            #expect(EntityTags.entityTags(#"W/"a,b", "x,y""#) == [#"W/"a,b""#, #""x,y""#])
        }
    }

    @Test(arguments: ["TRACE", "QUERY"])
    func anUndeclaredMethodOnAKnownPathIs405WithAllow(method: String) async throws {
        try await withApp(seed: ["One"]) { client, _ in
            for path in ["/quote", "/quotes", "/quotes/1", "/authors", "/healthz"] {
                let response = try await client.execute(uri: path, method: HTTPRequest.Method(method)!)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow]?.contains("GET") == true, "\(method) \(path)")
            }
        }
    }

    /// A body that could never be stored is refused for what it is, whatever the precondition says: a 412 would
    /// invite the client to fetch the ETag and send the same bad body again.
    @Test(arguments: TestEngine.all) func aBadBodyIs422BeforeAnIfMatchIsEvenRead(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["One"]) { client, _ in
            let tooLong = String(repeating: "a", count: 801)
            for (method, body) in [(HTTPRequest.Method.put, #"{"quote": "Two", "author": "\#(tooLong)"}"#), (.patch, #"{"author": "\#(tooLong)"}"#)] {
                let response = try await client.execute(
                    uri: "/quotes/1", method: method, headers: adminHeaders([.ifMatch: "\"stale\""]), body: jsonBody(body)
                )
                #expect(response.status == .unprocessableContent, "\(method)")
            }
        }
    }
}
