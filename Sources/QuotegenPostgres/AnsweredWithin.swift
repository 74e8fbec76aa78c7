import Synchronization

/// `operation`'s result, or `timeout()` thrown once `limit` has passed, whichever comes first, and the caller has
/// its answer at the limit even when the operation ignores cancellation (PostgresNIO cannot interrupt a statement
/// the server is still running): the operation is then cancelled and left to end by itself, which the server's
/// `statement_timeout` bounds. A task group would wait for it, so that a 5 s limit could answer after 10.
func answered<T: Sendable>(
    within limit: Duration, timeout: @escaping @Sendable () -> any Error, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = Race<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.begin(continuation)
            race.add(Task {
                do {
                    race.finish(.success(try await operation()))
                } catch {
                    race.finish(.failure(error))
                }
            })
            race.add(Task {
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                race.finish(.failure(timeout()))
            })
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The first of several tasks to finish answers the caller; the others are cancelled.
private final class Race<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var finished = false
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func begin(_ continuation: CheckedContinuation<T, any Error>) {
        let finishedEarly = state.withLock { state in
            state.continuation = continuation
            return state.finished
        }
        if finishedEarly { continuation.resume(throwing: CancellationError()) }
    }

    /// A task racing; cancelled at once if the race is already over.
    func add(_ task: Task<Void, Never>) {
        let over = state.withLock { state in
            if !state.finished { state.tasks.append(task) }
            return state.finished
        }
        if over { task.cancel() }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) in
            guard !state.finished else { return (nil, []) }
            state.finished = true
            defer { (state.continuation, state.tasks) = (nil, []) }
            return (state.continuation, state.tasks)
        }
        continuation?.resume(with: result)
        for task in tasks { task.cancel() }
    }
}
