import Synchronization
import Testing
@testable import QuotegenCore
@testable import QuotegenPostgres

/// Point reads on PostgreSQL go in batches under load (`PointReads`), with no store behind: a fetch that counts.
@Suite(.timeLimit(.minutes(1)))
struct PointReadsTests {
    /// A fetch that holds its first call until `release` (or `open`), and records the ids of every call.
    final class GatedFetch: Sendable {
        let calls = Mutex<[[Int64]]>([])
        let gate = Mutex<(open: Bool, held: CheckedContinuation<Void, Never>?)>((false, nil))
        let failing: Bool
        let unavailable: Bool

        init(failing: Bool = false, unavailable: Bool = false) { (self.failing, self.unavailable) = (failing, unavailable) }

        func fetch(_ ids: [Int64]) async throws -> [Quote] {
            let first = calls.withLock { $0.append(ids.sorted()); return $0.count == 1 }
            if first {
                await withCheckedContinuation { continuation in
                    let goOn = gate.withLock { gate in
                        if gate.open { return true }
                        gate.held = continuation
                        return false
                    }
                    if goOn { continuation.resume() }
                }
            }
            if failing { throw TestFailure("the database is away") }
            if unavailable { throw StoreUnavailable("no answer within 5 seconds") }
            return ids.filter { $0 % 2 == 0 }.map {
                Quote(id: $0, text: "Quote \($0)", author: nil, tags: [], source: .api, createdAt: "", updatedAt: "", revision: 1)
            }
        }

        /// Lets the held call go once it is held.
        func release() async throws {
            try #require(await eventually(seconds: 10) { gate.withLock { $0.held != nil } })
            open()
        }

        /// Lets every call go, now and later. Each test opens the gate on its way out, so that a failed
        /// expectation ends the test at once instead of leaving its first request waiting forever (a hang only
        /// the time limit would end, and only by cancelling a task that cannot finish).
        func open() {
            let held = gate.withLock { gate in
                gate.open = true
                defer { gate.held = nil }
                return gate.held
            }
            held?.resume()
        }
    }

    @Test func requestsArrivingWhileAReadIsUnderWayGoTogetherInTheNextStatement() async throws {
        let fetch = GatedFetch()
        let reads = PointReads(maxInFlight: 1) { try await fetch.fetch($0) }
        try await withThrowingTaskGroup(of: (Int64, [Int64: Quote]).self) { group in
            defer { fetch.open() }
            group.addTask { (0, try await reads.quotes(ids: [100])) }
            try #require(await eventually(seconds: 10) { fetch.calls.withLock { $0.count } == 1 })
            for id in Int64(1)...10 { group.addTask { (id, try await reads.quotes(ids: [id])) } }
            try #require(await eventually(seconds: 10) { reads.waitingCount == 10 })
            try await fetch.release()
            for try await (id, found) in group {
                let expected = id == 0 ? 100 : id
                #expect(found[expected]?.text == (expected % 2 == 0 ? "Quote \(expected)" : nil), "request for \(expected)")
            }
        }
        // The first alone, the ten that waited in one statement.
        #expect(fetch.calls.withLock { $0 } == [[100], Array(1...10)])
        #expect(reads.waitingCount == 0)
    }

    @Test func aBatchStopsAtItsSizeAndTheRestGoInTheNext() async throws {
        let fetch = GatedFetch()
        let reads = PointReads(maxInFlight: 1, maxBatch: 4) { try await fetch.fetch($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { fetch.open() }
            group.addTask { _ = try await reads.quotes(ids: [100]) }
            try #require(await eventually(seconds: 10) { fetch.calls.withLock { $0.count } == 1 })
            for id in Int64(1)...6 {
                group.addTask { _ = try await reads.quotes(ids: [id]) }
                try #require(await eventually(seconds: 10) { reads.waitingCount == Int(id) })   // in this order
            }
            try await fetch.release()
            try await group.waitForAll()
        }
        #expect(fetch.calls.withLock { $0 } == [[100], [1, 2, 3, 4], [5, 6]])
    }

    @Test func aFailedStatementFailsEveryRequestInItAndTheNextReadGoesAgain() async throws {
        let fetch = GatedFetch(failing: true)
        let reads = PointReads(maxInFlight: 1) { try await fetch.fetch($0) }
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            defer { fetch.open() }
            group.addTask { (try? await reads.quotes(ids: [2])) == nil }
            try #require(await eventually(seconds: 10) { fetch.calls.withLock { $0.count } == 1 })
            for id in Int64(3)...5 { group.addTask { (try? await reads.quotes(ids: [id])) == nil } }
            try #require(await eventually(seconds: 10) { reads.waitingCount == 3 })
            try await fetch.release()
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 4)
        await #expect(throws: TestFailure.self) { try await reads.quotes(ids: [6]) }
        #expect(fetch.calls.withLock { $0.count } == 3)
    }

    @Test func whenTheStoreIsUnavailableEveryRequestWaitingIsAnsweredSoNoneWaitsForASecondBatch() async throws {
        let fetch = GatedFetch(unavailable: true)
        let reads = PointReads(maxInFlight: 1, maxBatch: 2) { try await fetch.fetch($0) }
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            defer { fetch.open() }
            group.addTask { (try? await reads.quotes(ids: [2])) == nil }
            try #require(await eventually(seconds: 10) { fetch.calls.withLock { $0.count } == 1 })
            for id in Int64(3)...7 { group.addTask { (try? await reads.quotes(ids: [id])) == nil } }
            try #require(await eventually(seconds: 10) { reads.waitingCount == 5 })
            try await fetch.release()
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 6)
        // One statement for all six: those waiting (more than one batch of them) got its answer.
        #expect(fetch.calls.withLock { $0.count } == 1)
        #expect(reads.waitingCount == 0)
    }
}
