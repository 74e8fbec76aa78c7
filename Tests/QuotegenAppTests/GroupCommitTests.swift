import Foundation
import GRDB
import Synchronization
import Testing
@testable import QuotegenApp

@Suite struct GroupCommitTests {
    @Test func aConflictingWriteInABatchFailsAloneAndTheRestCommitTogether() async throws {
        try await withStore { store in
            let (database, repository) = (store.database, store.repository)
            let taken = try await repository.create(try QuoteContent(text: "Taken", author: nil, tags: []))

            // Hold the writer so that the writes below queue up and share the next transaction.
            let holding = Atomic<Bool>(false)
            let release = Atomic<Bool>(false)
            let holder = Task {
                try await database.committer.write { _ in
                    holding.store(true, ordering: .sequentiallyConsistent)
                    while !release.load(ordering: .sequentiallyConsistent) { usleep(1000) }
                }
            }
            #expect(try await eventually { holding.load(ordering: .sequentiallyConsistent) })

            let texts = (0..<20).map { "Batched \($0)" } + ["Taken"]
            let outcomes = await withTaskGroup(of: (String, Result<Quote, any Error>).self) { group in
                for text in texts {
                    group.addTask {
                        do { return (text, .success(try await repository.create(try QuoteContent(text: text, author: nil, tags: [])))) }
                        catch { return (text, .failure(error)) }
                    }
                }
                // Let every write queue behind the held one before releasing it.
                try? await Task.sleep(for: .milliseconds(200))
                release.store(true, ordering: .sequentiallyConsistent)
                return await group.reduce(into: [String: Result<Quote, any Error>]()) { $0[$1.0] = $1.1 }
            }
            try await holder.value

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
}
