import Hummingbird
import Foundation
import HummingbirdTesting
import Testing

@Suite(.timeLimit(.minutes(1))) struct QuoteWriteRouteTests {
    @Test(arguments: TestEngine.all) func postCreatesATrimmedQuoteWithLowerCaseTags(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let response = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders(),
                body: jsonBody(#"{"quote": "  Stay curious.  ", "author": " Ada ", "tags": ["Science", "life-2", "SCIENCE"]}"#)
            )
            #expect(response.status == .created)
            let json = try response.json
            let id = try #require(json["id"] as? Int)
            #expect(response.headers[.location] == "/quotes/\(id)")
            #expect(response.headers[.eTag] == "\"\(id)-1\"")
            #expect(json["quote"] as? String == "Stay curious.")
            #expect(json["author"] as? String == "Ada")
            #expect(json["tags"] as? [String] == ["science", "life-2"])
            #expect(json["source"] as? String == "api")
            let created = try #require(json["created_at"] as? String)
            #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "RFC 3339 in UTC: \(created)")
            #expect(json["updated_at"] as? String == created)
            let fetched = try await client.execute(uri: "/quotes/\(id)", method: .get).json
            #expect(fetched["quote"] as? String == "Stay curious.")
        }
    }

    @Test(arguments: [
        #"{"quote": "   "}"#,
        #"{"quote": "\#(String(repeating: "x", count: 1001))"}"#,
        #"{"quote": "ok", "author": "\#(String(repeating: "a", count: 201))"}"#,
        #"{"quote": "ok", "tags": ["a","b","c","d","e","f","g","h","i","j","k"]}"#,
        #"{"quote": "ok", "tags": [""]}"#,
        #"{"quote": "ok", "tags": ["has space"]}"#,
        #"{"quote": "ok", "tags": ["under_score"]}"#,
        #"{"quote": "ok", "tags": ["\#(String(repeating: "t", count: 41))"]}"#,
        #"{"quote": "\u0000starts with NUL"}"#,
        #"{"quote": "bell \u0007 inside"}"#,
        #"{"quote": "ok", "author": "tab\tin author"}"#,
        #"{"quote": "\u200b"}"#,
        #"{"quote": " \u200b\u2060\ufeff\u00ad "}"#,
        #"{"quote": "ok", "author": "\u200b"}"#,
        // 1,000 characters but 31,000 code points: bounded in bytes too.
        #"{"quote": "\#(String(repeating: "e" + String(repeating: "\u{301}", count: 30), count: 1000))"}"#,
    ])
    func invalidQuotesAre422AndStoreNothing(body: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(body))
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(try response.json["status"] as? Int == 422)
            #expect(try await storedCount(client) == 0)
        }
    }

    @Test(arguments: TestEngine.all) func controlCharactersAreNamedWithTheirPosition(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let response = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "ab\u001bc"}"#)
            )
            #expect(try response.json["detail"] as? String == "quote contains the control character U+001B at code point 3")
            let lines = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Line one\nline two\tend"}"#)
            )
            #expect(lines.status == .created)
        }
    }

    @Test(arguments: TestEngine.all) func limitsAreInclusive(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let text = String(repeating: "é", count: 1000)
            let author = String(repeating: "a", count: 200)
            let tags = (1...10).map { "\"\(String(repeating: "t", count: 39))\($0 % 10)\"" }.joined(separator: ",")
            let response = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders(),
                body: jsonBody(#"{"quote": "\#(text)", "author": "\#(author)", "tags": [\#(tags)]}"#)
            )
            #expect(response.status == .created)
        }
    }

    @Test(arguments: [
        ("{not json", "the body is not valid JSON in UTF-8"),
        ("[1, 2]", "the body must be a JSON object; got an array"),
        ("\"text\"", "the body must be a JSON object; got a string"),
        (#"{"author": "A"}"#, "the field 'quote' is missing"),
        (#"{"quote": 42}"#, "the field 'quote' must be a string; got a number"),
        (#"{"quote": "ok", "author": ["A"]}"#, "the field 'author' must be a string; got an array"),
        (#"{"quote": "ok", "tags": "a"}"#, "the field 'tags' must be an array of strings; got a string"),
        (#"{"quote": "ok", "tags": [1]}"#, "the field 'tags' must be an array of strings; it holds a number"),
        (#"{"quote": "ok", "autor": "A"}"#, "unknown field 'autor'; the fields are quote, author, tags"),
        (#"{"quote": "one", "quote": "two"}"#, "the body is not accepted: the member 'quote' appears twice in one object"),
        (#"{"quote": "ok", "tags": \#(String(repeating: "[", count: 300))\#(String(repeating: "]", count: 300))}"#,
         "the body is nested too deeply (the limit is 256 levels)"),
    ])
    func malformedBodiesAre400AndStoreNothing(body: String, detail: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(body))
            #expect(response.status == .badRequest)
            #expect(try response.json["detail"] as? String == detail)
            #expect(try await storedCount(client) == 0)
        }
    }

    @Test(arguments: TestEngine.all) func invalidUTF8Is400(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            var body = ByteBuffer(string: #"{"quote": ""#)
            body.writeBytes([0xC3, 0x28, 0xFF])
            body.writeString(#""}"#)
            let response = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: body)
            #expect(response.status == .badRequest)
            #expect(try await storedCount(client) == 0)
        }
    }

    @Test(arguments: TestEngine.all) func nonJSONContentTypeIs415(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            for contentType in ["text/plain", "application/x-www-form-urlencoded", "application/merge-patch+json"] {
                let response = try await client.execute(
                    uri: "/quotes", method: .post, headers: adminHeaders([.contentType: contentType]),
                    body: jsonBody(#"{"quote": "x"}"#)
                )
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            var headers = adminHeaders()
            headers[.contentType] = nil
            let missing = try await client.execute(uri: "/quotes", method: .post, headers: headers, body: jsonBody(#"{"quote": "x"}"#))
            #expect(missing.status == .unsupportedMediaType)
            let withCharset = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders([.contentType: "application/json; charset=utf-8"]),
                body: jsonBody(#"{"quote": "x"}"#)
            )
            #expect(withCharset.status == .created)
        }
    }

    @Test(arguments: TestEngine.all) func bodiesOver64KiBAre413(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let padding = String(repeating: " ", count: 64 * 1024)
            let response = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "x"}"# + padding)
            )
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(try await storedCount(client) == 0)
        }
    }

    @Test(arguments: TestEngine.all) func duplicateLiveTextIs409NamingTheExistingId(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, #"{"quote": "Same"}"#)
            let response = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": " Same "}"#))
            #expect(response.status == .conflict)
            let json = try response.json
            #expect(json["detail"] as? String == "a quote with the same text already exists: id \(id)")
            #expect((json["existing_id"] as? NSNumber)?.int64Value == id)
            #expect(try await storedCount(client) == 1)
        }
    }

    @Test(arguments: TestEngine.all) func aDeletedTextCanBePostedAgain(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, #"{"quote": "Again"}"#)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders()).status == .noContent)
            let newID = try await createQuote(client, #"{"quote": "Again"}"#)
            #expect(newID != id)
        }
    }

    @Test(arguments: TestEngine.all) func putReplacesTheWholeQuote(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, #"{"quote": "Old", "author": "A", "tags": ["x"]}"#)
            let response = try await client.execute(
                uri: "/quotes/\(id)", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": "New"}"#)
            )
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["quote"] as? String == "New")
            #expect(json["author"] is NSNull)
            #expect(json["tags"] as? [String] == [])
            #expect(response.headers[.eTag] == "\"\(id)-2\"")
            let created = try #require(json["created_at"] as? String)
            #expect(try #require(json["updated_at"] as? String) >= created)
            let unknown = try await client.execute(uri: "/quotes/999", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": "N"}"#))
            #expect(unknown.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all) func putOntoAnotherQuotesTextIs409(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let first = try await createQuote(client, #"{"quote": "First"}"#)
            let second = try await createQuote(client, #"{"quote": "Second"}"#)
            let response = try await client.execute(uri: "/quotes/\(second)", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": "First"}"#))
            #expect(response.status == .conflict)
            #expect((try response.json["existing_id"] as? NSNumber)?.int64Value == first)
        }
    }

    @Test(arguments: TestEngine.all) func patchMergesFields(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, #"{"quote": "Text", "author": "A", "tags": ["x"]}"#)
            let mergePatch = adminHeaders([.contentType: "application/merge-patch+json"])
            let renamed = try await client.execute(uri: "/quotes/\(id)", method: .patch, headers: mergePatch, body: jsonBody(#"{"author": "B"}"#)).json
            #expect(renamed["quote"] as? String == "Text")
            #expect(renamed["author"] as? String == "B")
            #expect(renamed["tags"] as? [String] == ["x"])
            let cleared = try await client.execute(uri: "/quotes/\(id)", method: .patch, headers: adminHeaders(), body: jsonBody(#"{"author": null, "tags": null}"#)).json
            #expect(cleared["author"] is NSNull)
            #expect(cleared["tags"] as? [String] == [])
            let removeText = try await client.execute(uri: "/quotes/\(id)", method: .patch, headers: mergePatch, body: jsonBody(#"{"quote": null}"#))
            #expect(removeText.status == .unprocessableContent)
            let badTag = try await client.execute(uri: "/quotes/\(id)", method: .patch, headers: mergePatch, body: jsonBody(#"{"tags": ["a b"]}"#))
            #expect(badTag.status == .unprocessableContent)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .get).json["quote"] as? String == "Text")
        }
    }

    @Test(arguments: TestEngine.all) func staleIfMatchIs412AndChangesNothing(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, #"{"quote": "Original"}"#)
            let etag = try #require(try await client.execute(uri: "/quotes/\(id)", method: .get).headers[.eTag])
            let updated = try await client.execute(
                uri: "/quotes/\(id)", method: .put, headers: adminHeaders([.ifMatch: etag]), body: jsonBody(#"{"quote": "Changed"}"#)
            )
            #expect(updated.status == .ok)
            let stale = adminHeaders([.ifMatch: etag])
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .put, headers: stale, body: jsonBody(#"{"quote": "Lost"}"#)).status == .preconditionFailed)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .patch, headers: stale, body: jsonBody(#"{"quote": "Lost"}"#)).status == .preconditionFailed)
            let delete = try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: stale)
            #expect(delete.status == .preconditionFailed)
            #expect(delete.headers[.contentType] == "application/problem+json")
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .get).json["quote"] as? String == "Changed")
            let current = try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders([.ifMatch: "*"]))
            #expect(current.status == .noContent)
        }
    }

    @Test(arguments: TestEngine.all) func deleteRemovesFromEveryRead(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, #"{"quote": "Gone soon", "tags": ["t"]}"#)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders()).status == .noContent)
            #expect(try await client.execute(uri: "/quote", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/quote?tag=t", method: .get).status == .notFound)
            #expect(try await storedCount(client) == 0)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders()).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.all) func adminCallsNeedTheBearerToken(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let id = try await createQuote(client, #"{"quote": "Protected"}"#)
            let attempts: [(HTTPRequest.Method, String)] = [(.post, "/quotes"), (.put, "/quotes/\(id)"), (.patch, "/quotes/\(id)"), (.delete, "/quotes/\(id)")]
            let credentials: [String?] = [nil, "Bearer wrong", "Bearer \(adminSecret)x", "Basic \(adminSecret)", "Bearer"]
            var failures = 0
            for (method, uri) in attempts {
                for credential in credentials {
                    var headers: HTTPFields = [.contentType: "application/json"]
                    headers[.authorization] = credential
                    let response = try await client.execute(uri: uri, method: method, headers: headers, body: jsonBody(#"{"quote": "Hacked"}"#))
                    // Ten failures from one address, then the brute-force limiter answers instead.
                    if failures < 10 {
                        #expect(response.status == .unauthorized)
                        #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    } else {
                        #expect(response.status == .tooManyRequests)
                    }
                    #expect(response.headers[.contentType] == "application/problem+json")
                    failures += 1
                }
            }
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .get).json["quote"] as? String == "Protected")
            #expect(try await storedCount(client) == 1)
        }
    }

    @Test(arguments: TestEngine.all) func withoutATokenTheAdminAPIIsDisabled(engine: TestEngine) async throws {
        try await withApp(engine: engine, adminToken: nil, seed: ["Seeded"]) { client, _ in
            let response = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "x"}"#))
            #expect(response.status == .unauthorized)
            #expect((try response.json["detail"] as? String)?.contains("the admin API is disabled") == true)
            #expect(try await client.execute(uri: "/quote", method: .get).status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func twoHundredConcurrentPostsAllSucceed(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await client.execute(
                            uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Concurrent \#(index)"}"#)
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == .created })
            #expect(try await storedCount(client) == 200)
        }
    }
}

/// How many live quotes the API lists.
private func storedCount(_ client: some TestClientProtocol) async throws -> Int {
    var count = 0
    var after: Int?
    var pages = 0
    repeat {
        pages += 1
        guard pages <= 1_000 else { throw TestFailure("still paging after 1,000 pages") }
        let uri = "/quotes?limit=100" + (after.map { "&after=\($0)" } ?? "")
        let page = try await client.execute(uri: uri, method: .get).json
        count += (page["items"] as! [Any]).count
        after = page["next"] as? Int
    } while after != nil
    return count
}
