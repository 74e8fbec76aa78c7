import Foundation
import Logging
import Synchronization
import Testing
@testable import QuotegenCore
@testable import QuotegenIndex
@testable import QuotegenPostgres
@testable import QuotegenRuntime

/// Replicas follow each other through PostgreSQL's notifications, not only the refresher's ticks.
@Suite(.timeLimit(.minutes(1)), .enabled(if: TestEngine.all.contains(.postgres)))
struct PostgresChangeListenerTests {
    @Test func anotherProcesssWritesReachTheIndexAtOnceAndAfterADroppedSessionThoughItsNextTickIsAnHourAway() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            let writer = try await OpenStoreForTest.open(url)
            let follower = try await OpenStoreForTest.open(url)
            let wakeUps = WakeUps()
            let refresher = QuoteIndexRefresher(
                index: follower.index, feed: follower, interval: .seconds(3600), wakeUps: wakeUps,
                logger: Logger(label: "test"), metrics: ServerMetrics()
            )
            let listener = PostgresChangeListener(database: follower.database, index: follower.index, wakeUps: wakeUps)
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await refresher.run() }
                group.addTask { try await listener.run() }
                // Listening before the writes, so that the catch-up read made on connecting cannot be what finds them.
                let listening = try await eventually(seconds: 10) {
                    try await PostgresTestDatabases.admin(
                        url, "SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'"
                    ) == ["1"]
                }
                #expect(listening)
                #expect(try await eventually(seconds: 10) { follower.index.isLoaded })
                for expected in 1...3 {
                    _ = try await writer.create(try QuoteContent(text: "Written elsewhere \(expected)", author: nil, tags: []), by: "test")
                    let seen = try await eventually(seconds: 5) { follower.index.count == expected }
                    #expect(seen, "write \(expected) not in the other index within 5 s")
                }
                // The listening session dropped (as when PostgreSQL restarts): a write while it is gone is found
                // by the catch-up read made on listening again, not left to the next tick.
                let dropped = try await PostgresTestDatabases.admin(url, """
                    SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
                    WHERE datname = current_database() AND query ILIKE 'LISTEN%'
                    """)
                #expect(dropped == ["true"])
                _ = try await writer.create(try QuoteContent(text: "Written while nobody listened", author: nil, tags: []), by: "test")
                let caughtUp = try await eventually(seconds: 10) { follower.index.count == 4 }
                #expect(caughtUp, "the write made while the session was down was not caught up")
                group.cancelAll()
            }
            await writer.database.close()
            await follower.database.close()
        }
    }

    final class Payloads: Sendable { let list = Mutex<[String]>([]) }

    @Test func aStatementThatAddsAThousandQuotesSendsOneNotificationNotOnePerRow() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            let store = try await OpenStoreForTest.open(url)
            let session = try await PostgresChangeFeedTests.session(url)
            let payloads = Payloads()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await session.listen(on: PostgresChangeListener.channel) { notifications in
                        for try await notification in notifications { payloads.list.withLock { $0.append(notification.payload) } }
                    }
                }
                defer { group.cancelAll() }
                let listening = try await eventually(seconds: 10) {
                    try await PostgresTestDatabases.admin(
                        url, "SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'"
                    ) == ["1"]
                }
                try #require(listening)
                let contents = (1...1000).map { QuoteContent(uncheckedText: "Bulk line \($0)", author: nil, tags: []) }
                let report = try await store.addQuotes(contents, source: .seed, batchSize: 1000)
                #expect(report.added == 1000)
                // A last single write: once its notification is in, every earlier one is (they arrive in commit order).
                let last = try await store.create(try QuoteContent(text: "One more", author: nil, tags: []), by: "test")
                let lastNumber = try await PostgresTestDatabases.admin(url, "SELECT change_seq::text FROM quote WHERE id = \(last.id)")
                let arrived = try await eventually(seconds: 10) { payloads.list.withLock { $0.last } == lastNumber.first }
                #expect(arrived)
                #expect(payloads.list.withLock { $0.count } == 2, "one for the statement of 1,000 rows, one for the single write")
            }
            try? await session.close()
            await store.database.close()
        }
    }
}
