import Hummingbird
import Foundation
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(1))) struct NegotiationAndCORSTests {
    @Test(arguments: TestEngine.all) func everyAnswerTellsBrowsersNotToSniffItsType(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["One"]) { client, _ in
            for (uri, method) in [("/quote", HTTPRequest.Method.get), ("/quotes/999", .get), ("/nowhere", .get), ("/quotes", .post),
                                  ("/quotes?limit=0", .get), ("/openapi.json", .get), ("/quote", .head)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(method) \(uri) → \(response.status)")
            }
        }
    }

    @Test(arguments: ["/quote", "/quote/today"])
    func plainTextIsTheQuoteThenAuthorThenANewline(path: String) async throws {
        try await withApp { client, _ in
            try await createQuote(client, #"{"quote": "Less is more.", "author": "Mies"}"#)
            let response = try await client.execute(uri: path, method: .get, headers: [.accept: "text/plain"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(response.headers[.vary] == "Accept")
            #expect(response.text == "Less is more. — Mies\n")
        }
        try await withApp(seed: ["No author here."]) { client, _ in
            let response = try await client.execute(uri: path, method: .get, headers: [.accept: "text/plain"])
            #expect(response.text == "No author here.\n")
        }
    }

    @Test(arguments: [
        ("", "application/json; charset=utf-8"),
        ("*/*", "application/json; charset=utf-8"),
        ("application/json", "application/json; charset=utf-8"),
        ("text/*", "text/plain; charset=utf-8"),
        ("text/html, text/plain;q=0.5", "text/plain; charset=utf-8"),
        ("text/plain;q=0.4, application/json;q=0.9", "application/json; charset=utf-8"),
        ("text/plain, application/json", "application/json; charset=utf-8"),
        ("*/*, application/json;q=0", "text/plain; charset=utf-8"),
    ])
    func acceptChoosesTheRepresentation(accept: String, contentType: String) async throws {
        try await withApp(seed: ["Q"]) { client, _ in
            let response = try await client.execute(uri: "/quote", method: .get, headers: [.accept: accept])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == contentType)
        }
    }

    @Test(arguments: ["text/html", "image/png", "application/json;q=0, text/plain;q=0", "application/xml"])
    func anAcceptThatAllowsNeitherIs406(accept: String) async throws {
        try await withApp(seed: ["Q"]) { client, _ in
            for path in ["/quote", "/quote/today"] {
                let response = try await client.execute(uri: path, method: .get, headers: [.accept: accept])
                #expect(response.status == .notAcceptable)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test(arguments: TestEngine.all) func getAnswersAllowAnyOriginAndAdminAnswersDoNot(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["Q"]) { client, _ in
            let origin: HTTPFields = [.origin: "https://example.org"]
            for path in ["/quote", "/quotes", "/quotes/1", "/quote/today", "/authors", "/tags", "/quotes/random", "/nowhere"] {
                let response = try await client.execute(uri: path, method: .get, headers: origin)
                #expect(response.headers[.accessControlAllowOrigin] == "*", "\(path)")
            }
            var post = adminHeaders()
            post[.origin] = "https://example.org"
            let created = try await client.execute(uri: "/quotes", method: .post, headers: post, body: jsonBody(#"{"quote": "X"}"#))
            #expect(created.status == .created)
            #expect(created.headers[.accessControlAllowOrigin] == nil)
            let deleted = try await client.execute(uri: "/quotes/1", method: .delete, headers: post)
            #expect(deleted.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test(arguments: TestEngine.all) func preflightIsGrantedForReadsAndRefusedForAdminMethods(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["Q"]) { client, _ in
            let read = try await client.execute(uri: "/quote", method: .options, headers: [
                .origin: "https://example.org", .accessControlRequestMethod: "GET",
            ])
            #expect(read.status == .noContent)
            #expect(read.headers[.accessControlAllowOrigin] == "*")
            #expect(read.headers[.accessControlAllowMethods] == "GET, HEAD")
            let write = try await client.execute(uri: "/quotes", method: .options, headers: [
                .origin: "https://example.org", .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "authorization, content-type",
            ])
            #expect(write.headers[.accessControlAllowOrigin] == nil)
            #expect(write.status == .methodNotAllowed)
        }
    }
}
