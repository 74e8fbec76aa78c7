import Foundation
import Logging
import PostgresNIO
import Testing
@testable import QuotegenCore
@testable import QuotegenPostgres

/// What only the PostgreSQL engine has to show: TLS, several processes on one store, and its refusals.
/// Skipped (with the line `TestEngine.all` prints) when no test server is given.
@Suite(.timeLimit(.minutes(2)), .enabled(if: TestEngine.all.contains(.postgres)))
struct PostgresEngineTests {
    @Test func sslmodeRequireEncryptsTheConnection() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            let rows = try await PostgresTestDatabases.admin(
                url.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require"),
                "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            )
            #expect(rows == ["true"])
        }
    }

    @Test func sslmodeVerifyFullAcceptsTheServersCAAndRefusesAnother() async throws {
        let ca = try #require(
            ProcessInfo.processInfo.environment["QUOTEGEN_TEST_POSTGRES_CA"],
            "set QUOTEGEN_TEST_POSTGRES_CA to the test server's CA (scripts/test-postgres.sh writes DIR/ca.crt)"
        )
        try await PostgresTestDatabases.withDatabase { url in
            let verified = url.replacingOccurrences(of: "sslmode=disable", with: "sslmode=verify-full&sslrootcert=\(ca)")
            let store = try await OpenStoreForTest.open(verified)
            #expect(try await store.liveQuoteCount() == 0)
            await store.database.close()
            // A CA made here did not sign the test server's certificate: refused in one line, without a hang.
            try await withTemporaryDirectory { folder in
                let otherCA = folder.appending(path: "other-ca.crt").path
                let openssl = try Spawned("/usr/bin/openssl", [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=another CA",
                    "-keyout", folder.appending(path: "other-ca.key").path, "-out", otherCA,
                ], environment: ProcessInfo.processInfo.environment, output: folder.appending(path: "openssl.log").path)
                _ = try await eventually(seconds: 30) { !openssl.isRunning }
                try #require(openssl.terminationStatus == 0, "openssl could not make a CA")
                let other = url.replacingOccurrences(of: "sslmode=disable", with: "sslmode=verify-full&sslrootcert=\(otherCA)&connect_timeout=5")
                await #expect {
                    _ = try await OpenStoreForTest.open(other)
                } throws: { error in
                    "\(error)".hasPrefix("cannot use database postgres://") && !"\(error)".contains("\n")
                }
            }
        }
    }

    @Test func threeProcessesMigratingTogetherApplyEachMigrationOnce() async throws {
        try await PostgresTestDatabases.withDatabase(empty: true) { url in
            try await withTemporaryDirectory { folder in
                let runs = try (0..<3).map { index in
                    try ServerProcess(arguments: ["migrate", "--db", url], logFile: folder.appending(path: "migrate-\(index).log"))
                }
                for run in runs {
                    #expect(try await run.exitStatus(within: 60) == 0, "\(run.log)")
                }
                let applied = try await PostgresTestDatabases.admin(url, "SELECT name FROM quotegen_migration ORDER BY name")
                #expect(applied == PostgresMigration.bundled.map(\.name))
                let logs = runs.map(\.log).joined()
                // Each migration is logged as applied by exactly one of the three.
                for migration in PostgresMigration.bundled {
                    #expect(logs.components(separatedBy: "migration=\(migration.name)").count - 1 == 1, "\(logs)")
                }
            }
        }
    }

    @Test func storedAuthorsGetSlugsInTheOrderOfTheirFirstQuotesAndQuotesThenNeedTheirAuthor() async throws {
        try await PostgresTestDatabases.withDatabase(empty: true) { url in
            let location = try PostgresLocation(url: url, environment: [:])
            let before = try await PostgresAppDatabase.open(location, migrations: PostgresMigration.bundled.filter { $0.name < "0006" })
            await before.close()
            for (text, author) in [("Z1", "Émile Zola"), ("A1", "Ada"), ("Z2", "emile zola"), ("B1", "Emile Zola!")] {
                _ = try await PostgresTestDatabases.admin(url, """
                    INSERT INTO quote (text, author, author_key, source, created_at, updated_at)
                    VALUES ('\(text)', '\(author)', '\(author.searchKey)', 'api', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')
                    """)
            }
            let upgraded = try await PostgresAppDatabase.open(location)
            await upgraded.close()
            let slugs = try await PostgresTestDatabases.admin(url, "SELECT q.text || '=' || a.slug FROM quote q JOIN author a ON a.key = q.author_key ORDER BY q.id")
            #expect(slugs == ["Z1=emile-zola", "A1=ada", "Z2=emile-zola", "B1=emile-zola-2"])
            await #expect(throws: TestFailure.self, "migration 0007: a quote's author must have its row") {
                _ = try await PostgresTestDatabases.admin(url, """
                    INSERT INTO quote (text, author, author_key, source, created_at, updated_at)
                    VALUES ('X', 'Nobody', 'nobody', 'api', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')
                    """)
            }
        }
    }

    @Test func threeProcessesSeedingOneFileTogetherStoreEachLineOnce() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            try await withTemporaryDirectory { folder in
                let lines = (1...3000).map { "Line number \($0) of a seed file seeded three times at once" }
                let seed = folder.appending(path: "seed.txt")
                try Data(lines.joined(separator: "\n").utf8).write(to: seed)
                let runs = try (0..<3).map { index in
                    try ServerProcess(arguments: ["seed", "--db", url, "--seed", seed.path], logFile: folder.appending(path: "seed-\(index).log"))
                }
                for run in runs {
                    #expect(try await run.exitStatus(within: 90) == 0, "\(run.log)")
                }
                let counts = try await PostgresTestDatabases.admin(url, "SELECT count(*)::text || ' ' || count(DISTINCT text)::text FROM quote")
                #expect(counts == ["3000 3000"])
            }
        }
    }

    @Test func aWriteThroughOneReplicaIsReadAtOnceThroughAnother() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            try await withTemporaryDirectory { folder in
                try await withServer(in: folder, database: url) { _, portA in
                    try await withServer(in: folder, database: url) { _, portB in
                        let created = try await liveRequest(
                            port: portA, .post, "/quotes", headers: adminHeaders(),
                            body: #"{"quote": "Written on A, read on B", "author": "Replica Unique Author"}"#
                        )
                        #expect(created.status == .created)
                        let location = try #require(created.headers[.location])
                        let read = try await liveRequest(port: portB, .get, location)
                        #expect(read.status == .ok)
                        #expect(read.headers[.eTag] == created.headers[.eTag])
                        // Random picks come from B's index, which follows the change feed.
                        let picked = try await eventually(seconds: 5) {
                            try await liveRequest(port: portB, .get, "/quote?author=replica%20unique%20author").status == .ok
                        }
                        #expect(picked)
                    }
                }
            }
        }
    }

    @Test func backupAndRestoreOfAPostgreSQLStoreAreRefusedNamingPgDump() async throws {
        try await PostgresTestDatabases.withDatabase { url in
            try await withTemporaryDirectory { folder in
                for arguments in [["backup", folder.appending(path: "b.sqlite").path, "--db", url],
                                  ["restore", folder.appending(path: "b.sqlite").path, "--db", url]] {
                    let (status, output) = try await ServerProcess.run(arguments, folder: folder)
                    #expect(status == 1)
                    #expect(output.contains("pg_dump") && output.contains("pg_restore"), "\(output)")
                }
                #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "b.sqlite").path))
                // Refused before any connection: a URL nothing listens on gets the same answer.
                let nowhere = "postgres://app@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"
                let (status, output) = try await ServerProcess.run(["backup", folder.appending(path: "c.sqlite").path, "--db", nowhere], folder: folder)
                #expect(status == 1)
                #expect(output.contains("pg_dump"), "\(output)")
            }
        }
    }
}

/// A store opened from a URL as the command line opens it, for the tests above.
enum OpenStoreForTest {
    static func open(_ url: String) async throws -> PostgresQuoteStore {
        PostgresQuoteStore(database: try await PostgresAppDatabase.open(try PostgresLocation(url: url, environment: [:])))
    }
}

/// The change feed on PostgreSQL, where writers commit their change numbers out of order.
@Suite(.timeLimit(.minutes(1)), .enabled(if: TestEngine.all.contains(.postgres)))
struct PostgresChangeFeedTests {
    /// A session of its own, outside the store's pool, to hold a transaction open.
    static func session(_ url: String) async throws -> PostgresConnection {
        let location = try PostgresLocation(url: url, environment: [:])
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable
        )
        return try await PostgresConnection.connect(
            on: PostgresClient.defaultEventLoopGroup.next(), configuration: configuration, id: 1, logger: Logger(label: "test")
        ).get()
    }

    @Test func theFeedNeverStepsOverANumberThatIsStillToCommitButStepsOverOneRolledBack() async throws {
        try await TestEngine.postgres.withStore { store, url in
            let slow = try await Self.session(url)
            try await slow.query("BEGIN", logger: Logger(label: "test"))
            try await slow.query(
                "INSERT INTO quote (text, source, created_at, updated_at) VALUES ('Slow writer', 'api', 'a', 'a')", logger: Logger(label: "test")
            )
            // A later number commits first.
            _ = try await store.create(try QuoteContent(text: "Fast writer", author: nil, tags: []), by: "test")
            #expect(try await store.changes(after: 0, limit: 100).isEmpty, "the feed stepped over the slow writer's number")
            try await slow.query("COMMIT", logger: Logger(label: "test"))
            #expect(try await store.changes(after: 0, limit: 100).map(\.changeNumber) == [1, 2])

            // A rolled-back number leaves a gap no one will fill: stepped over once no writer holds a number.
            try await slow.query("BEGIN", logger: Logger(label: "test"))
            try await slow.query(
                "INSERT INTO quote (text, source, created_at, updated_at) VALUES ('Rolled back', 'api', 'a', 'a')", logger: Logger(label: "test")
            )
            try await slow.query("ROLLBACK", logger: Logger(label: "test"))
            _ = try await store.create(try QuoteContent(text: "After the rollback", author: nil, tags: []), by: "test")
            #expect(try await store.changes(after: 2, limit: 100).map(\.changeNumber) == [4])
            try await slow.close()
        }
    }

    /// The audit feed (`GET /changes`) keeps the same promise: a client polling with the last number it saw never
    /// misses an entry that committed after a later one.
    @Test func theAuditFeedNeverStepsOverAnEntryThatIsStillToCommit() async throws {
        try await TestEngine.postgres.withStore { store, url in
            let slow = try await Self.session(url)
            let logger = Logger(label: "test")
            try await slow.query("BEGIN", logger: logger)
            // A writer that takes its number first and commits last, writing its entry as quotegen does.
            try await slow.query("""
                WITH created AS (
                    INSERT INTO quote (text, source, created_at, updated_at) VALUES ('Slow writer', 'api', 'a', 'a')
                    RETURNING id, change_seq, revision, text, author, tags
                )
                INSERT INTO quote_revision (change, quote_id, revision, text, author, tags, deleted, action, actor, at)
                SELECT change_seq, id, revision, text, author, tags, false, 'create', 'slow', 'a' FROM created
                """, logger: logger)
            _ = try await store.create(try QuoteContent(text: "Fast writer", author: nil, tags: []), by: "fast")
            #expect(try await store.revisions(after: 0, limit: 100).isEmpty, "the feed stepped over the slow writer's entry")
            try await slow.query("COMMIT", logger: logger)
            #expect(try await store.revisions(after: 0, limit: 100).map(\.actor) == ["slow", "fast"])
            try await slow.close()
        }
    }
}
