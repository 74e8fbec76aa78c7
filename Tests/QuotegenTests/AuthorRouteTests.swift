import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QuotegenCore

/// Authors as things, on every engine: a quote's `author_slug`, `GET /authors/{slug}`, `PATCH /authors/{slug}`
/// and the `author_slug` filter.
@Suite(.timeLimit(.minutes(2))) struct AuthorRouteTests {
    @Test(arguments: TestEngine.all) func everyQuoteCarriesItsAuthorsSlugAndTheProfileCountsItsLiveQuotes(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let first = try await client.execute(
                uri: "/quotes", method: .post, headers: adminHeaders(),
                body: jsonBody(#"{"quote": "One", "author": "Émile Zola"}"#)
            )
            #expect(try first.json["author_slug"] as? String == "emile-zola", "\(first.text)")
            let second = try await createQuote(client, text: "Two", author: "emile ZOLA", tags: [])
            try await createQuote(client, text: "Three", author: "Ada Lovelace", tags: [])
            let none = try await createQuote(client, text: "Four", author: nil, tags: [])

            let read = try await client.execute(uri: "/quotes/\(second)", method: .get)
            #expect(try read.json["author_slug"] as? String == "emile-zola", "one author whatever the spelling")
            let anonymous = try await client.execute(uri: "/quotes/\(none)", method: .get)
            #expect(try anonymous.json["author_slug"] is NSNull, "\(anonymous.text)")
            let list = try await client.execute(uri: "/quotes", method: .get)
            #expect(try list.items.map { $0["author_slug"] as? String } == ["emile-zola", "emile-zola", "ada-lovelace", nil])

            let profile = try await client.execute(uri: "/authors/emile-zola", method: .get)
            #expect(profile.status == .ok)
            #expect(try profile.json["name"] as? String == "Émile Zola", "the first spelling")
            #expect(try profile.json["quote_count"] as? Int == 2)
            #expect(try profile.json["bio"] is NSNull)
            #expect(profile.headers[.eTag] != nil)
            let missing = try await client.execute(uri: "/authors/nobody", method: .get)
            #expect(missing.status == .notFound)
            let malformed = try await client.execute(uri: "/authors/Not%20A%20Slug", method: .get)
            #expect(malformed.status == .notFound)
            #expect(malformed.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestEngine.all) func collidingNamesAreNumberedAndASlugOnceGivenNeverChanges(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let zola = try await createQuote(client, text: "Z", author: "Émile Zola", tags: [])
            let bang = try await createQuote(client, text: "B", author: "Emile Zola!", tags: [])
            let dashed = try await createQuote(client, text: "D", author: "Émile-Zola", tags: [])
            #expect(try await slug(client, zola) == "emile-zola")
            #expect(try await slug(client, bang) == "emile-zola-2")
            #expect(try await slug(client, dashed) == "emile-zola-3")

            // Editing a quote's author moves the quote to that author; the old author keeps its slug.
            let moved = try await client.execute(
                uri: "/quotes/\(zola)", method: .patch, headers: adminHeaders(), body: jsonBody(#"{"author": "Emile Zola!"}"#)
            )
            #expect(try moved.json["author_slug"] as? String == "emile-zola-2")
            let emptied = try await client.execute(uri: "/authors/emile-zola", method: .get)
            #expect(try emptied.json["quote_count"] as? Int == 0, "an author stays when it has no quotes")
            // A new author never takes the slug of one whose quotes are all gone.
            let newcomer = try await createQuote(client, text: "N", author: "EMILE ZOLA?", tags: [])
            #expect(try await slug(client, newcomer) == "emile-zola-4")
            let back = try await createQuote(client, text: "Back", author: "émile zola", tags: [])
            #expect(try await slug(client, back) == "emile-zola")
            let deleted = try await client.execute(uri: "/quotes/\(dashed)", method: .delete, headers: adminHeaders())
            #expect(deleted.status == .noContent)
            let kept = try await client.execute(uri: "/authors/emile-zola-3", method: .get)
            #expect(kept.status == .ok)
            #expect(try kept.json["quote_count"] as? Int == 0)
        }
    }

    @Test(arguments: TestEngine.all) func adminsEditAProfileWithIfMatchAndEveryBadEditChangesNothing(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            try await createQuote(client, text: "E = mc²", author: "Albert Einstein", tags: [])
            let uri = "/authors/albert-einstein"
            let before = try await client.execute(uri: uri, method: .get)
            let etag = try #require(before.headers[.eTag])

            let anonymous = try await client.execute(uri: uri, method: .patch, body: jsonBody(#"{"bio": "x"}"#))
            #expect(anonymous.status == .unauthorized)
            let refused: [(headers: HTTPFields, body: String, status: HTTPResponse.Status)] = [
                (adminHeaders(), #"{"link": "http://example.com"}"#, .unprocessableContent),
                (adminHeaders(), #"{"link": "javascript:alert(1)"}"#, .unprocessableContent),
                (adminHeaders(), #"{"link": "https://"}"#, .unprocessableContent),
                (adminHeaders(), #"{"description": "\#(String(repeating: "d", count: 201))"}"#, .unprocessableContent),
                (adminHeaders(), #"{"bio": 3}"#, .badRequest),
                (adminHeaders(), #"{"name": "Someone else"}"#, .badRequest),
                (adminHeaders(), #"{"slug": "other"}"#, .badRequest),
                (adminHeaders([.ifMatch: "\"a1-99\""]), #"{"bio": "x"}"#, .preconditionFailed),
                (adminHeaders([.ifMatch: "nonsense"]), #"{"bio": "x"}"#, .badRequest),
            ]
            for (headers, body, status) in refused {
                let response = try await client.execute(uri: uri, method: .patch, headers: headers, body: jsonBody(body))
                #expect(response.status == status, "\(body): \(response.text)")
            }
            let unchanged = try await client.execute(uri: uri, method: .get)
            #expect(unchanged.headers[.eTag] == etag, "no refused edit changed the profile")

            let edited = try await client.execute(
                uri: uri, method: .patch, headers: adminHeaders([.ifMatch: etag, .contentType: "application/merge-patch+json"]),
                body: jsonBody(#"{"bio": "Physicist.", "description": "Theoretical physicist", "link": "https://en.wikipedia.org/wiki/Albert_Einstein"}"#)
            )
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try edited.json["description"] as? String == "Theoretical physicist")
            #expect(try edited.json["slug"] as? String == "albert-einstein")
            let newTag = try #require(edited.headers[.eTag])
            #expect(newTag != etag)
            let outdated = try await client.execute(uri: uri, method: .patch, headers: adminHeaders([.ifMatch: etag]), body: jsonBody(#"{"bio": null}"#))
            #expect(outdated.status == .preconditionFailed)
            let cleared = try await client.execute(uri: uri, method: .patch, headers: adminHeaders([.ifMatch: newTag]), body: jsonBody(#"{"bio": null}"#))
            #expect(try cleared.json["bio"] is NSNull, "\(cleared.text)")
            #expect(try cleared.json["link"] as? String == "https://en.wikipedia.org/wiki/Albert_Einstein", "absent fields are kept")
            let unknown = try await client.execute(uri: "/authors/nobody", method: .patch, headers: adminHeaders(), body: jsonBody(#"{"bio": "x"}"#))
            #expect(unknown.status == .notFound)
            // The count is part of the representation: a new quote by the author is a new ETag, never a stale 304.
            let shown = try #require(cleared.headers[.eTag])
            #expect(try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: shown]).status == .notModified)
            try await createQuote(client, text: "God does not play dice", author: "Albert Einstein", tags: [])
            let grown = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: shown])
            #expect(grown.status == .ok)
            #expect(try grown.json["quote_count"] as? Int == 2)
            let stale = try await client.execute(uri: uri, method: .patch, headers: adminHeaders([.ifMatch: shown]), body: jsonBody(#"{"bio": "y"}"#))
            #expect(stale.status == .preconditionFailed, "the client had not seen the new count")
        }
    }

    @Test(arguments: TestEngine.all) func theAuthorSlugFilterNamesAuthorsOnEveryQuoteRoute(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            try await createQuote(client, text: "A1", author: "Ada", tags: ["x"])
            try await createQuote(client, text: "A2", author: "ADA", tags: [])
            try await createQuote(client, text: "B1", author: "Bo", tags: ["x"])
            try await createQuote(client, text: "C1", author: "Cy", tags: [])
            let cases: [(query: String, texts: [String])] = [
                ("author_slug=ada", ["A1", "A2"]),
                ("author_slug=ada%7Cbo", ["A1", "A2", "B1"]),
                ("author_slug=ada%7Cbo&tag=x", ["A1", "B1"]),
                ("author_slug=ada%7Cbo&author=bo", ["B1"]),
                ("author_slug=ada&author=cy", []),
                ("author_slug=nobody", []),
                ("author_slug=nobody%7Ccy", ["C1"]),
            ]
            for (query, texts) in cases {
                let list = try await client.execute(uri: "/quotes?total=true&\(query)", method: .get)
                #expect(try list.items.compactMap { $0["quote"] as? String } == texts, "\(query)")
                #expect(try list.json["total"] as? Int == texts.count, "\(query)")
                let batch = try await client.execute(uri: "/quotes/random?count=10&\(query)", method: .get)
                #expect(try Set(batch.items.compactMap { $0["quote"] as? String }) == Set(texts), "\(query)")
                let pick = try await client.execute(uri: "/quote?\(query)", method: .get)
                if texts.isEmpty {
                    #expect(pick.status == .notFound, "\(query)")
                } else {
                    #expect(texts.contains(try pick.json["quote"] as? String ?? ""), "\(query)")
                }
            }
            for bad in ["author_slug=Ada", "author_slug=", "author_slug=a%7C", "author_slug=a&author_slug=b"] {
                let response = try await client.execute(uri: "/quotes?\(bad)", method: .get)
                #expect(response.status == .badRequest, "\(bad)")
            }
        }
    }

    private func slug(_ client: some TestClientProtocol, _ id: Int64) async throws -> String? {
        try await client.execute(uri: "/quotes/\(id)", method: .get).json["author_slug"] as? String
    }
}
