import Foundation
import GRDB
import Synchronization
import Testing
@testable import QuotegenCore
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenSQLite

@Suite(.timeLimit(.minutes(1))) struct GroupCommitTests {
    @Test func aConflictingWriteInABatchFailsAloneAndTheRestCommitTogether() async throws {
        try await withStore { store in
            let (database, repository) = (store.database, store.repository)
            let taken = try await repository.create(try QuoteContent(text: "Taken", author: nil, tags: []), by: "test")

            let texts = (0..<20).map { "Batched \($0)" } + ["Taken"]
            let results = try await inOneBatch(database, texts.map { text in
                { try await repository.create(try QuoteContent(text: text, author: nil, tags: []), by: "test") }
            })
            let outcomes = Dictionary(uniqueKeysWithValues: zip(texts, results))

            #expect(database.committer.largestBatchSize > 1)
            guard case .failure(let error) = outcomes["Taken"] else {
                Issue.record("the duplicate was accepted")
                return
            }
            #expect(error as? QuoteStoreError == .duplicate(existingID: taken.id))
            for text in texts.dropLast() {
                #expect((try? outcomes[text]?.get())?.text == text)
            }
            let stored = try await repository.quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 100).map(\.text)
            #expect(Set(stored) == Set(texts))
        }
    }

    /// Holds the writer inside `body`'s writes: every write sent while it is held queues for one shared batch.
    private func inOneBatch<T: Sendable>(
        _ database: AppDatabase, _ writes: [@Sendable () async throws -> T]
    ) async throws -> [Result<T, any Error>] {
        let holding = Atomic<Bool>(false)
        let release = Atomic<Bool>(false)
        let holder = Task {
            try await database.committer.write { _ in
                holding.store(true, ordering: .sequentiallyConsistent)
                while !release.load(ordering: .sequentiallyConsistent) { usleep(1000) }
            }
        }
        // Generous: on a loaded 2-core machine the drainer's task once waited more than 10 s for a thread.
        #expect(try await eventually(seconds: 30) { holding.load(ordering: .sequentiallyConsistent) })
        let outcomes = await withTaskGroup(of: (Int, Result<T, any Error>).self) { group in
            for (index, write) in writes.enumerated() {
                group.addTask {
                    do { return (index, .success(try await write())) } catch { return (index, .failure(error)) }
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
            release.store(true, ordering: .sequentiallyConsistent)
            return await group.reduce(into: [Int: Result<T, any Error>]()) { $0[$1.0] = $1.1 }
        }
        try await holder.value
        return writes.indices.map { outcomes[$0]! }
    }

    @Test func whenTheSharedCommitFailsEveryCallerOfTheBatchGetsTheErrorAndNothingIsStored() async throws {
        try await withStore { store in
            let (database, repository) = (store.database, store.repository)
            var writes: [@Sendable () async throws -> String] = (0..<10).map { n in
                { try await repository.create(try QuoteContent(text: "Doomed \(n)", author: nil, tags: []), by: "test").text }
            }
            // A write that succeeds on its own but makes COMMIT fail: a foreign key checked only at COMMIT.
            writes.append {
                try await database.committer.write { db in
                    try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                    try db.execute(sql: "INSERT INTO quote_tag (quote_id, tag, position) VALUES (987654, 'orphan', 0)")
                    return "poison"
                }
            }
            let outcomes = try await inOneBatch(database, writes)
            for outcome in outcomes {
                guard case .failure = outcome else {
                    Issue.record("a caller was answered \(outcome) although its batch's COMMIT failed")
                    continue
                }
            }
            #expect(try await repository.quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 100).isEmpty)
            // The committer goes on: the next write is stored.
            _ = try await repository.create(try QuoteContent(text: "After", author: nil, tags: []), by: "test")
            #expect(try await repository.liveQuoteCount() == 1)
        }
    }

    @Test func aWriteThatChangedRowsAndThenFailsIsRolledBackAloneWhileItsBatchMatesCommit() async throws {
        try await withStore { store in
            let (database, repository) = (store.database, store.repository)
            struct Refused: Error {}
            var writes: [@Sendable () async throws -> String] = (0..<5).map { n in
                { try await repository.create(try QuoteContent(text: "Kept \(n)", author: nil, tags: []), by: "test").text }
            }
            writes.append {
                try await database.committer.write { db in
                    try db.execute(sql: "INSERT INTO quote (text, source, created_at, updated_at) VALUES ('Half done', 'api', 'x', 'x')")
                    throw Refused()
                }
            }
            let outcomes = try await inOneBatch(database, writes)
            #expect(outcomes.dropLast().allSatisfy { (try? $0.get()) != nil })
            guard case .failure(let error) = outcomes.last!, error is Refused else {
                Issue.record("the failing write was not refused: \(outcomes.last!)")
                return
            }
            let texts = try await store.database.pool.read { db in try String.fetchAll(db, sql: "SELECT text FROM quote ORDER BY id") }
            #expect(Set(texts) == Set((0..<5).map { "Kept \($0)" }))
        }
    }

    @Test func writesAreCommittedOnAConnectionWithSynchronousFull() async throws {
        try await withStore { store in
            let level = try await store.database.committer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(level == 2, "a write acknowledged without synchronous=FULL may be lost on power failure")
        }
    }
}
