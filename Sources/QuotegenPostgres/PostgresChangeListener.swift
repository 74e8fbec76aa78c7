import Logging
import PostgresNIO
import QuotegenIndex
import QuotegenRuntime
import ServiceLifecycle

/// Wakes the index refresher as soon as another process commits a change to the quotes, so that replicas follow
/// each other in milliseconds rather than at the refresher's next tick. A session of its own LISTENs on
/// `quotegen_change`, where every statement that changes quotes notifies its highest change number at commit
/// (migration 0002); a number the index has already applied wakes nothing. When the session drops, it connects
/// again every `retryDelay` while the server runs, and once listening wakes the refresher, whose read by change
/// number catches up on whatever was committed meanwhile: a missed notification is never a missed change. The
/// refresher's own ticks stay, for what no notification announces (a rolled-back number to step over).
public struct PostgresChangeListener: Service {
    static let channel = "quotegen_change"

    let database: PostgresAppDatabase
    let index: QuoteIndex
    let wakeUps: WakeUps
    let retryDelay: Duration

    public init(database: PostgresAppDatabase, index: QuoteIndex, wakeUps: WakeUps, retryDelay: Duration = .seconds(1)) {
        (self.database, self.index, self.wakeUps, self.retryDelay) = (database, index, wakeUps, retryDelay)
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var outage = false
            while !Task.isCancelled {
                do {
                    try await listen {
                        if outage { database.logger.info("listening for other processes' changes again") }
                        outage = false
                    }
                } catch where !Task.isCancelled {
                    // Once per outage, not once per retry.
                    if !outage {
                        database.logger.warning(
                            "not listening for other processes' changes; following them by polling until the database answers",
                            metadata: ["error": "\(PostgresErrorText.describe(error))"]
                        )
                    }
                    outage = true
                }
                try await Task.sleep(for: retryDelay)
            }
        }
    }

    /// One session: listens until it drops or the task is cancelled; `listening` is called once it listens.
    private func listen(listening: () -> Void) async throws {
        let connection = try await PostgresAppDatabase.connect(database.location, logger: database.logger)
        do {
            try await connection.listen(on: Self.channel) { notifications in
                listening()
                wakeUps.wake()   // listening now: catch up on what was committed before
                for try await notification in notifications {
                    if let number = Int64(notification.payload), number <= index.appliedChangeSeq { continue }
                    wakeUps.wake()
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}
