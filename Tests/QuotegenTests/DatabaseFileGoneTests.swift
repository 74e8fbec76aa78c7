import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore

@Suite(.timeLimit(.minutes(1))) struct DatabaseFileGoneTests {
    @Test func aWriteAfterTheFileWasDeletedIsRefusedNotAcknowledged() async throws {
        try await withStore { store in
            _ = try await store.repository.create(try QuoteContent(text: "Before", author: nil, tags: []), by: "test")
            for suffix in ["", "-wal", "-shm"] { unlink(store.path + suffix) }
            await #expect(throws: DatabaseFileGone(path: store.path)) {
                _ = try await store.repository.create(try QuoteContent(text: "Lost?", author: nil, tags: []), by: "test")
            }
            await #expect(throws: DatabaseFileGone.self) { try await store.repository.checkReady() }
        }
    }

    @Test func aServerWhoseDatabaseIsDeletedOrReplacedAnswers503ToWritesAndReadyzAndLogsItOnce() async throws {
        try await withTemporaryDirectory { folder in
            for replace in [false, true] {
                let database = folder.appending(path: "q-\(replace).sqlite").path
                try await withServer(in: folder, database: database) { server, port in
                    let first = try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Kept"}"#)
                    #expect(first.status == .created)
                    if replace {
                        // A copy renamed over the path, as a careless restore by hand would do.
                        let copy = folder.appending(path: "copy.sqlite").path
                        try FileManager.default.copyItem(atPath: database, toPath: copy)
                        #expect(rename(copy, database) == 0)
                    } else {
                        for suffix in ["", "-wal", "-shm"] { unlink(database + suffix) }
                    }
                    for n in 1...3 {
                        let refused = try await liveRequest(
                            port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Never acknowledged \#(n)"}"#
                        )
                        #expect(refused.status == .serviceUnavailable)
                        #expect(refused.headers[.contentType] == "application/problem+json")
                        #expect(String(buffer: refused.body ?? ByteBuffer()).contains("was deleted or replaced"))
                    }
                    let ready = try await liveRequest(port: port, .get, "/readyz")
                    #expect(ready.status == .serviceUnavailable)
                    _ = try await eventually(seconds: 5) { server.log.contains("database file deleted or replaced") }
                    try await Task.sleep(for: .seconds(1.5))
                    let lines = server.log.split(separator: "\n").filter { $0.contains("database file deleted or replaced") }
                    #expect(lines.count == 1)
                    #expect(lines.first?.contains(database) == true)
                }
            }
        }
    }
}
