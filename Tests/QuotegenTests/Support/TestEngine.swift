import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing
@testable import QuotegenCore
@testable import QuotegenPostgres
@testable import QuotegenRuntime
@testable import QuotegenSQLite
@testable import QuotegenServer

/// A storage engine the shared suites run against: every case with `arguments: TestEngine.all` runs once per
/// engine. PostgreSQL runs when `QUOTEGEN_TEST_POSTGRES_URL` names a server (`scripts/test-postgres.sh start DIR`
/// prints one); without it those cases are left out, with one line saying how to run them, unless
/// `QUOTEGEN_TEST_REQUIRE_POSTGRES=1` (as in `.ci/run`), which makes a missing server a failure.
enum TestEngine: String, Sendable, CustomTestStringConvertible, CaseIterable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let serverURL = ProcessInfo.processInfo.environment["QUOTEGEN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let postgresRequired = ProcessInfo.processInfo.environment["QUOTEGEN_TEST_REQUIRE_POSTGRES"] == "1"

    static let all: [TestEngine] = {
        if serverURL != nil || postgresRequired { return [.sqlite, .postgres] }
        print("note: PostgreSQL cases skipped; to run them: export QUOTEGEN_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start /tmp/qg-pg)")
        return [.sqlite]
    }()

    /// A new, migrated, empty store on this engine for the length of `body`, then dropped.
    func withStore<T>(
        now: @escaping @Sendable () -> Date = { Date() }, metrics: ServerMetrics? = nil,
        _ body: (any QuoteStore, _ location: String) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite:
            return try await withTemporaryDirectory { folder in
                let path = folder.appending(path: "quotes.sqlite").path
                let database = try AppDatabase.open(path: path)
                defer { try? database.close() }
                return try await body(SQLiteQuoteRepository(database: database, now: now, metrics: metrics), path)
            }
        case .postgres:
            return try await PostgresTestDatabases.withDatabase { url in
                let database = try await PostgresAppDatabase.open(try PostgresLocation(url: url, environment: [:]))
                do {
                    let result = try await body(PostgresQuoteStore(database: database, now: now, metrics: metrics), url)
                    await database.close()
                    return result
                } catch {
                    await database.close()
                    throw error
                }
            }
        }
    }
}

/// Throwaway databases on the test server: each test gets a copy of one migrated template (`CREATE DATABASE …
/// TEMPLATE`, far quicker than migrating), dropped when it ends.
enum PostgresTestDatabases {
    private static let template = "quotegen_test_template"
    private static let templateReady = Mutex<Task<Void, any Error>?>(nil)

    /// At most this many test databases at once: the whole suite starts together, and a hundred `CREATE
    /// DATABASE`s and pools at the same moment starve the server (CI once answered POSTs 503 after 5 s).
    private static let slots = TestSlots(6)

    /// A new database for `body`, migrated (a copy of the template) or, with `empty`, never migrated.
    static func withDatabase<T>(empty: Bool = false, _ body: (String) async throws -> T) async throws -> T {
        await slots.acquire()
        do {
            let result = try await withDatabaseNow(empty: empty, body)
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    private static func withDatabaseNow<T>(empty: Bool, _ body: (String) async throws -> T) async throws -> T {
        guard let server = TestEngine.serverURL else {
            throw TestFailure("QUOTEGEN_TEST_REQUIRE_POSTGRES=1 but QUOTEGEN_TEST_POSTGRES_URL is not set: start one with scripts/test-postgres.sh")
        }
        try await prepareTemplate(server: server)
        let name = "quotegen_test_\(UInt64.random(in: 0...UInt64.max))"
        // A copy needs the template free of sessions; a pool that just closed may still be hanging up: retry.
        for attempt in 1...50 {
            do {
                try await admin(server, "CREATE DATABASE \(name) TEMPLATE \(empty ? "template0" : template)")
                break
            } catch where attempt < 50 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        do {
            // Four connections per store (the default on two cores): dozens of tests run at once on one server.
            let result = try await body(url(server, database: name, poolSize: 4))
            try? await admin(server, "DROP DATABASE \(name) WITH (FORCE)")   // leftovers go with the cluster
            return result
        } catch {
            try? await admin(server, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// `server` with its database replaced by `database`.
    static func url(_ server: String, database: String, poolSize: Int? = nil) -> String {
        var parts = URLComponents(string: server)!
        parts.path = "/" + database
        if let poolSize { parts.queryItems = (parts.queryItems ?? []) + [URLQueryItem(name: "pool_max", value: "\(poolSize)")] }
        return parts.string!
    }

    private static func prepareTemplate(server: String) async throws {
        let task = templateReady.withLock { task in
            if let task { return task }
            let made = Task {
                try await admin(server, "DROP DATABASE IF EXISTS \(template) WITH (FORCE)")
                try await admin(server, "CREATE DATABASE \(template)")
                let database = try await PostgresAppDatabase.open(try PostgresLocation(url: url(server, database: template), environment: [:]))
                await database.close()
                // No copy can start while a session of that pool is still connected to the template.
                for _ in 1...100 {
                    let sessions = try await admin(server, "SELECT count(*)::text FROM pg_stat_activity WHERE datname = '\(template)'")
                    if sessions == ["0"] { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            task = made
            return made
        }
        try await task.value
    }

    /// One statement on the server's own database (or `url`'s), outside any store; the first column of its rows.
    @discardableResult
    static func admin(_ server: String, _ sql: String) async throws -> [String] {
        let location = try PostgresLocation(url: server, environment: [:])
        let client = PostgresClient(configuration: try PostgresAppDatabase.configuration(location))
        do {
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                var values: [String] = []
                for try await row in try await client.query(PostgresQuery(unsafeSQL: sql)) {
                    values.append((try? row.decode(String.self)) ?? "")
                }
                return values
            }
        } catch let error as PSQLError {
            // PSQLError's description hides everything; a failing test should say what the server said.
            throw TestFailure("\(sql): \(PostgresErrorText.describe(error))")
        }
    }
}

/// Opens a store by location as the command line does, for the length of `body`.
enum QuotegenServerOpen {
    static func with<T>(_ location: String, _ body: (any QuoteStore) async throws -> T) async throws -> T {
        try await OpenStore.with(location, environment: [:]) { try await body($0.store) }
    }
}

/// A counting semaphore for tasks: `acquire` waits (without blocking a thread) while all slots are taken.
actor TestSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
