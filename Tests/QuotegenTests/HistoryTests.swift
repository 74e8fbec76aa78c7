import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite

/// History and undo: every write path leaves exactly one entry with its actor; restore and undelete; the feed.
@Suite(.timeLimit(.minutes(1))) struct HistoryTests {
    /// (quote id, revision, action, actor) of every entry of the audit feed, oldest first.
    private func feed(_ client: some TestClientProtocol, after: Int = 0) async throws -> [String] {
        let response = try await client.execute(uri: "/changes?after=\(after)&limit=1000", method: .get, headers: adminHeaders())
        #expect(response.status == .ok)
        return try response.items.map { "\($0["id"]!) r\($0["revision"]!) \($0["action"]!) by \($0["actor"]!)" }
    }

    @Test(arguments: TestEngine.all) func everyWritePathLeavesExactlyOneEntryNamingWhoMadeIt(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["From the seed"]) { client, store in
            // seed: quote 1
            _ = try await store.addQuotes([try QuoteContent(text: "From an import", author: "I", tags: ["imported"])], source: .api)  // 2
            let created = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Posted"}"#))
            let id = try #require(try created.json["id"] as? Int)  // 3
            _ = try await client.execute(uri: "/quotes/\(id)", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": "Put", "tags": ["x"]}"#))
            _ = try await client.execute(
                uri: "/quotes/\(id)", method: .patch, headers: adminHeaders([.contentType: "application/merge-patch+json"]),
                body: jsonBody(#"{"author": "Patched"}"#)
            )
            // Refused or empty writes leave nothing: the same content again, a duplicate, a stale If-Match, bad input.
            let same = try await client.execute(uri: "/quotes/\(id)", method: .patch, headers: adminHeaders([.contentType: "application/merge-patch+json"]), body: jsonBody(#"{"author": "Patched"}"#))
            #expect(same.status == .ok)
            #expect(try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Put"}"#)).status == .conflict)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders([.ifMatch: "\"\(id)-1\""])).status == .preconditionFailed)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": " "}"#)).status == .unprocessableContent)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders()).status == .noContent)
            _ = try await store.addQuotes([try QuoteContent(text: "Put", author: nil, tags: ["back"])], source: .api, revive: true)

            #expect(try await feed(client) == [
                "1 r1 create by seed", "2 r1 create by import", "\(id) r1 create by env", "\(id) r2 update by env",
                "\(id) r3 update by env", "\(id) r4 delete by env", "\(id) r5 revive by import",
            ])
            let imported = try await client.execute(uri: "/quotes/2/history", method: .get, headers: adminHeaders()).items
            #expect(imported.map { $0["tags"] as? [String] } == [["imported"]], "a bulk add records the tags it stored")
            #expect(imported.map { $0["author"] as? String } == ["I"])
            let seeded = try await client.execute(uri: "/quotes/1/history", method: .get, headers: adminHeaders()).items
            #expect(seeded.map { $0["tags"] as? [String] } == [[]])
            let history = try await client.execute(uri: "/quotes/\(id)/history", method: .get, headers: adminHeaders()).items
            #expect(history.map { $0["revision"] as? Int } == [5, 4, 3, 2, 1])
            #expect(history.map { $0["quote"] as? String } == ["Put", "Put", "Put", "Put", "Posted"])
            #expect(history.map { $0["deleted"] as? Bool } == [false, true, false, false, false])
            #expect(history[2]["author"] as? String == "Patched")
            #expect(history[0]["author"] is NSNull, "a revived quote takes the imported author (none)")
            #expect(history[0]["tags"] as? [String] == ["back"])
            #expect(history[3]["tags"] as? [String] == ["x"])
        }
    }

    @Test(arguments: TestEngine.all) func restoreMakesAnOlderRevisionCurrentAgainAndUndoesADelete(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let created = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "First words", "author": "A", "tags": ["one"]}"#))
            let id = try #require(try created.json["id"] as? Int)
            _ = try await client.execute(uri: "/quotes/\(id)", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": "Second words"}"#))

            let restored = try await client.execute(uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders(), body: jsonBody(#"{"revision": 1}"#))
            #expect(restored.status == .ok)
            #expect(restored.headers[.eTag] == "\"\(id)-3\"")
            let body = try restored.json
            #expect(body["quote"] as? String == "First words")
            #expect(body["author"] as? String == "A")
            #expect(body["tags"] as? [String] == ["one"])
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .get).json["quote"] as? String == "First words")

            // Delete, then Undo: the quote is back, with the content it had, as revision 5.
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .delete, headers: adminHeaders()).status == .noContent)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .get).status == .notFound)
            let undo = try await client.execute(
                uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders([.ifMatch: "\"\(id)-4\""]), body: jsonBody(#"{"revision": 3}"#)
            )
            #expect(undo.status == .ok)
            #expect(undo.headers[.eTag] == "\"\(id)-5\"")
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .get).json["quote"] as? String == "First words")
            #expect(try await client.execute(uri: "/quotes?q=first", method: .get).items.count == 1, "a restored quote is found by search")
            #expect(try await client.execute(uri: "/quote", method: .get).json["id"] as? Int == id, "and picked at random")

            // Restoring what is already current changes nothing.
            let again = try await client.execute(uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders(), body: jsonBody(#"{"revision": 5}"#))
            #expect(again.headers[.eTag] == "\"\(id)-5\"")
            #expect(try await feed(client).map { $0.split(separator: " ")[2] } == ["create", "update", "restore", "delete", "restore"])
            #expect(try await feed(client).last == "\(id) r5 restore by env")
        }
    }

    @Test(arguments: TestEngine.all) func aRestoreThatCannotBeDoneIsRefusedAndChangesNothing(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let created = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Taken later"}"#))
            let id = try #require(try created.json["id"] as? Int)
            _ = try await client.execute(uri: "/quotes/\(id)", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": "Moved on"}"#))
            let other = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Taken later"}"#))
            let otherID = try #require(try other.json["id"] as? Int)
            let before = try await feed(client)

            let conflict = try await client.execute(uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders(), body: jsonBody(#"{"revision": 1}"#))
            #expect(conflict.status == .conflict)
            #expect(conflict.headers[.location] == "/quotes/\(otherID)")
            #expect(try conflict.json["existing_id"] as? Int == otherID)

            let unknown = try await client.execute(uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders(), body: jsonBody(#"{"revision": 9}"#))
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.json["detail"] as? String == "the field 'revision': quote \(id) has no revision 9; its revisions run from 1 to 2 (GET /quotes/\(id)/history lists those kept)")
            let stale = try await client.execute(uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders([.ifMatch: "\"\(id)-1\""]), body: jsonBody(#"{"revision": 1}"#))
            #expect(stale.status == .preconditionFailed)
            for body in [#"{}"#, #"{"revision": "1"}"#, #"{"revision": 1, "x": 2}"#] {
                #expect(try await client.execute(uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders(), body: jsonBody(body)).status == .badRequest, "\(body)")
            }
            for body in [#"{"revision": 0}"#, #"{"revision": 1.5}"#, #"{"revision": -3}"#] {
                #expect(try await client.execute(uri: "/quotes/\(id)/restore", method: .post, headers: adminHeaders(), body: jsonBody(body)).status == .unprocessableContent, "\(body)")
            }
            #expect(try await client.execute(uri: "/quotes/999/restore", method: .post, headers: adminHeaders(), body: jsonBody(#"{"revision": 1}"#)).status == .notFound)
            #expect(try await client.execute(uri: "/quotes/999/history", method: .get, headers: adminHeaders()).status == .notFound)
            #expect(try await feed(client) == before)
            #expect(try await client.execute(uri: "/quotes/\(id)", method: .get).json["quote"] as? String == "Moved on")
        }
    }

    @Test(arguments: TestEngine.all) func historyPagesNewestFirstAndTheFeedPagesOldestFirstWithoutLosingAnEntry(engine: TestEngine) async throws {
        try await withApp(engine: engine) { client, _ in
            let created = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Edit 0"}"#))
            let id = try #require(try created.json["id"] as? Int)
            for n in 1...6 {
                _ = try await client.execute(uri: "/quotes/\(id)", method: .put, headers: adminHeaders(), body: jsonBody(#"{"quote": "Edit \#(n)"}"#))
            }
            var revisions: [Int] = []
            var after: Int?
            repeat {
                let page = try await client.execute(uri: "/quotes/\(id)/history?limit=3" + (after.map { "&after=\($0)" } ?? ""), method: .get, headers: adminHeaders())
                revisions += try page.items.map { $0["revision"] as! Int }
                after = try page.json["next"] as? Int
            } while after != nil
            #expect(revisions == [7, 6, 5, 4, 3, 2, 1])

            var changes: [Int] = []
            var cursor = 0
            while true {
                let page = try await client.execute(uri: "/changes?limit=2&after=\(cursor)", method: .get, headers: adminHeaders())
                let numbers = try page.items.map { $0["change"] as! Int }
                let next = try #require(try page.json["next"] as? Int)
                if numbers.isEmpty {
                    #expect(next == cursor, "an empty page gives back the after it was asked with, to poll again")
                    break
                }
                #expect(next == numbers.last)
                changes += numbers
                cursor = next
            }
            #expect(changes.count == 7)
            #expect(changes == changes.sorted())
            #expect(try await client.execute(uri: "/changes?after=-1", method: .get, headers: adminHeaders()).status == .badRequest)
            #expect(try await client.execute(uri: "/changes?limit=1001", method: .get, headers: adminHeaders()).status == .badRequest)
        }
    }

    @Test func historyAndTheFeedAreForAdminsOnly() async throws {
        try await withApp(engine: .sqlite, seed: ["Private past"]) { client, _ in
            let history = try await client.execute(uri: "/quotes/1/history", method: .get)
            let feed = try await client.execute(uri: "/changes", method: .get)
            let restore = try await client.execute(uri: "/quotes/1/restore", method: .post, body: jsonBody(#"{"revision": 1}"#))
            #expect([history.status, feed.status, restore.status] == [.unauthorized, .unauthorized, .unauthorized])
            #expect(try await client.execute(uri: "/quotes/1/history", method: .delete, headers: adminHeaders()).status == .methodNotAllowed)
        }
    }

    @Test(arguments: TestEngine.all) func aCopiedStoreStartsEachQuotesHistoryWithABaselineFromTheCopy(engine: TestEngine) async throws {
        try await engine.withStore { source, _ in
            let kept = try await source.create(try QuoteContent(text: "Copied over", author: "C", tags: ["c"]), by: "alice")
            _ = try await source.update(id: kept.id, by: "alice") { _ in try QuoteContent(text: "Copied over, edited", author: "C", tags: ["c"]) }
            try await TestEngine.sqlite.withStore { target, _ in
                try await target.insertStored(try await source.storedQuotes(after: 0, limit: 10))
                let history = try #require(try await target.history(of: kept.id, before: nil, limit: 10))
                #expect(history.map(\.action) == [.baseline])
                #expect(history.first?.actor == "copy")
                #expect(history.first?.revision == 2)
                #expect(history.first?.content.text == "Copied over, edited")
            }
        }
    }
}
