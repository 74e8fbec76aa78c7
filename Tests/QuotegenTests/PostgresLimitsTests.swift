import Foundation
import PostgresNIO
import Synchronization
import Testing
@testable import QuotegenCore
@testable import QuotegenPostgres

/// The bounds a PostgreSQL store keeps whatever its callers do: connections, waiting, statement length.
@Suite(.timeLimit(.minutes(1)), .enabled(if: TestEngine.all.contains(.postgres)))
struct PostgresLimitsTests {
    /// Opens the database at `url` with `pool_max` set to `size`.
    static func open(_ url: String, poolSize size: Int) async throws -> PostgresAppDatabase {
        let sized = url.replacingOccurrences(of: "pool_max=4", with: "pool_max=\(size)")
        return try await PostgresAppDatabase.open(try PostgresLocation(url: sized, environment: [:]))
    }

    @Test func tenStatementsAtOnceQueueForAPoolOfTwoConnectionsAndAllFinish() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            let database = try await Self.open(url, poolSize: 2)
            let busiest = MostSeen()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = try await database.query("SELECT pg_sleep(0.2)") } }
                group.addTask {
                    for _ in 0..<20 {
                        let sessions = try await PostgresTestDatabases.admin(url, """
                            SELECT count(*)::text FROM pg_stat_activity
                            WHERE datname = current_database() AND state = 'active' AND query = 'SELECT pg_sleep(0.2)'
                            """)
                        busiest.see(Int(sessions.first ?? "") ?? 0)
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                try await group.waitForAll()
            }
            await database.close()
            #expect(busiest.most <= 2, "more statements at once than pool_max")
            #expect(busiest.most >= 1)
        }
    }

    @Test func anOperationWaitingPastFiveSecondsIsAnsweredUnavailableAndTheServerStopsItsStatementAtTen() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            let database = try await Self.open(url, poolSize: 2)
            // The caller gives up at the operation limit: a 503 for HTTP, not a hang.
            let start = ContinuousClock.now
            await #expect(throws: StoreUnavailable.self) { _ = try await database.query("SELECT pg_sleep(8)") }
            #expect(ContinuousClock.now - start < .seconds(7))
            // Without the caller's limit (bulk work), the server's statement_timeout still ends a runaway statement.
            let error = await #expect(throws: PostgresStatementError.self) {
                try await database.withConnection(timeLimit: false) { connection in
                    // The server's error comes after the row description: only reading the rows raises it.
                    for try await _ in try await connection.query("SELECT pg_sleep(15)", logger: database.logger) {}
                }
            }
            #expect(error?.sqlState == "57014", "query_canceled by statement_timeout")
            await database.close()
        }
    }
}

/// The highest of the values seen, from any task.
final class MostSeen: Sendable {
    private let value = Mutex(0)
    func see(_ seen: Int) { value.withLock { $0 = max($0, seen) } }
    var most: Int { value.withLock { $0 } }
}
