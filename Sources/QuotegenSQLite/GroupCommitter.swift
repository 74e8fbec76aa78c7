import GRDB
import Synchronization
import QuotegenRuntime

/// Batches concurrent writes into shared transactions (group commit).
///
/// With `synchronous=FULL` every commit waits for an fsync, so one transaction per request caps write
/// throughput at the disk's sync rate. Here, writes that arrive while a batch commits wait together and go
/// into the next one: each runs in its own SAVEPOINT, so a write that throws rolls back alone and fails
/// only its own caller, and every caller is answered only after the shared COMMIT returned.
///
/// `fileCheck` runs before each batch and again after its COMMIT: when the database file was deleted or replaced,
/// the batch is not written, or not acknowledged, since nobody would find it again.
final class GroupCommitter: Sendable {
    static let maxBatch = 512

    private let pool: DatabasePool
    private let fileCheck: @Sendable () throws -> Void
    private let queue = Mutex<(pending: [any PendingWrite], draining: Bool)>(([], false))
    private let largestBatch = Atomic<Int>(0)

    init(pool: DatabasePool, fileCheck: @escaping @Sendable () throws -> Void = {}) {
        self.pool = pool
        self.fileCheck = fileCheck
    }

    /// The most writes one transaction has carried so far (for tests and the benchmark).
    var largestBatchSize: Int { largestBatch.load(ordering: .relaxed) }

    /// Runs `body` in a transaction shared with other concurrent writes; returns once it is committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let startDrainer = queue.withLock { queue in
                queue.pending.append(Write(body: body, continuation: continuation))
                defer { queue.draining = true }
                return !queue.draining
            }
            if startDrainer { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while let batch = nextBatch() {
            _ = largestBatch.max(batch.count, ordering: .relaxed)
            do {
                try fileCheck()
                try await pool.write { db in
                    for write in batch { write.run(in: db) }
                }
                try fileCheck()
                for write in batch { write.finish(commitError: nil) }
            } catch {
                for write in batch { write.finish(commitError: error) }
            }
        }
    }

    /// Takes up to `maxBatch` pending writes, or marks the drainer stopped when there are none.
    private func nextBatch() -> [any PendingWrite]? {
        queue.withLock { queue in
            guard !queue.pending.isEmpty else {
                queue.draining = false
                return nil
            }
            let batch = Array(queue.pending.prefix(Self.maxBatch))
            queue.pending.removeFirst(batch.count)
            return batch
        }
    }
}

private protocol PendingWrite: Sendable {
    func run(in db: Database)
    func finish(commitError: (any Error)?)
}

private final class Write<T: Sendable>: PendingWrite, @unchecked Sendable {
    // `outcome` is written by `run` on the writer's queue, then read by `finish` after the commit:
    // the two never overlap.
    private let body: @Sendable (Database) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(body: @escaping @Sendable (Database) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(in db: Database) {
        do {
            var value: T?
            try db.inSavepoint {
                value = try body(db)
                return .commit
            }
            outcome = .success(value!)
        } catch {
            outcome = .failure(error)
        }
    }

    func finish(commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
        } else {
            continuation.resume(with: outcome ?? .failure(CancellationError()))
        }
    }
}
