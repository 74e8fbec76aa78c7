import QuotegenCore
import Synchronization

/// Point reads by id, coalesced: while `maxInFlight` statements are under way, the ids asked for meanwhile wait
/// and go together in the next one (`id = ANY($1)`), so that under load a random pick (`GET /quote`) costs
/// PostgreSQL one statement per batch, not one per request. With no load a read goes at once, alone: nothing
/// waits on a timer. No unstructured task either: a request that finishes a batch hands the next one to the
/// first request waiting, which runs it in its own task. A batch starts after every request in it arrived, so
/// it sees every write acknowledged before them.
final class PointReads: Sendable {
    private typealias Answer = Result<[Int64: Quote], any Error>

    private enum Turn {
        case answered(Answer)
        case lead
    }

    private struct Waiter {
        let ids: [Int64]
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var inFlight = 0
        var waiting: [Waiter] = []
    }

    private let state = Mutex(State())
    private let maxInFlight: Int
    private let maxBatch: Int
    private let fetch: @Sendable ([Int64]) async throws -> [Quote]

    /// `fetch` reads the live quotes among some ids, in any order, in one statement.
    init(maxInFlight: Int, maxBatch: Int = 512, fetch: @escaping @Sendable ([Int64]) async throws -> [Quote]) {
        (self.maxInFlight, self.maxBatch, self.fetch) = (maxInFlight, maxBatch, fetch)
    }

    /// How many requests wait for a batch (for tests).
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// The live quotes among `ids`, by id (a deleted or unknown id is absent).
    func quotes(ids: [Int64]) async throws -> [Int64: Quote] {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let lead = state.withLock { state in
                guard state.inFlight < maxInFlight else {
                    state.waiting.append(Waiter(ids: ids, continuation: continuation))
                    return false
                }
                state.inFlight += 1
                return true
            }
            if lead { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .answered(let answer):
            return try answer.get()
        case .lead:
            return try await lead(ids).get()
        }
    }

    /// Runs one batch: `ids` and those of the requests waiting (up to `maxBatch`), answers them all, then hands
    /// the next batch to the first request still waiting, or frees its slot.
    private func lead(_ ids: [Int64]) async -> Answer {
        let riders = state.withLock { state in
            var taken = 0
            var count = ids.count
            while taken < state.waiting.count, count + state.waiting[taken].ids.count <= maxBatch {
                count += state.waiting[taken].ids.count
                taken += 1
            }
            let riders = Array(state.waiting.prefix(taken))
            state.waiting.removeFirst(taken)
            return riders
        }
        var all = Set(ids)
        for rider in riders { all.formUnion(rider.ids) }
        let answer: Answer
        do {
            let found = try await fetch(Array(all))
            answer = .success(Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        } catch {
            answer = .failure(error)
        }
        // The store unavailable (no answer in time, the server gone) is the answer for everyone still waiting
        // too: handed on, each next batch would wait its own limit, and a request its limit many times over.
        var unavailable = false
        if case .failure(let error) = answer, error is StoreUnavailable { unavailable = true }
        let (next, stranded) = state.withLock { state -> (Waiter?, [Waiter]) in
            if unavailable {
                defer { state.waiting = [] }
                state.inFlight -= 1
                return (nil, state.waiting)
            }
            guard !state.waiting.isEmpty else {
                state.inFlight -= 1
                return (nil, [])
            }
            return (state.waiting.removeFirst(), [])   // takes this slot over
        }
        for rider in riders + stranded { rider.continuation.resume(returning: .answered(answer)) }
        next?.continuation.resume(returning: .lead)
        return answer
    }
}
