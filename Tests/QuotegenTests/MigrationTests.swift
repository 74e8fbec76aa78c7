import Foundation
import GRDB
import Testing
@testable import QuotegenCore
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenSQLite

@Suite(.timeLimit(.minutes(1))) struct MigrationTests {
    /// The folder the binary's migrations were generated from.
    static let migrationsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "migrations/sqlite")

    @Test func theBinaryCarriesEveryFileOfMigrationsInNameOrder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsFolder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!files.isEmpty)
        #expect(SQLMigration.bundled.map { "\($0.name).sql" } == files)
        for migration in SQLMigration.bundled {
            let source = try String(contentsOf: Self.migrationsFolder.appending(path: "\(migration.name).sql"), encoding: .utf8)
            #expect(migration.sql == source)
        }
    }

    @Test func aFreshDatabaseRecordsEveryMigration() async throws {
        try await withTemporaryDirectory { folder in
            let database = try AppDatabase.open(path: folder.appending(path: "fresh.sqlite").path)
            defer { try? database.close() }
            let applied = try await database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
            #expect(applied == SQLMigration.bundled.map(\.name))
        }
    }

    @Test func anExistingDatabaseIsUpgradedInPlace() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "old.sqlite").path
            let first = Array(SQLMigration.bundled.prefix(1))
            let old = try AppDatabase.open(path: path, migrations: first)
            try await old.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO quote (text, author, source, created_at, updated_at)
                    VALUES ('Written by an older version', 'Old', 'api', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')
                    """)
            }
            try old.close()

            let upgraded = try AppDatabase.open(path: path)
            defer { try? upgraded.close() }
            let applied = try await upgraded.pool.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
            #expect(applied == SQLMigration.bundled.map(\.name))
            let repository = SQLiteQuoteRepository(database: upgraded)
            let kept = try #require(try await repository.quote(id: 1))
            #expect(kept.text == "Written by an older version")
            #expect(kept.tags == [])
            #expect(kept.authorSlug == "old", "migration 0015 gave the stored author its slug")
            let tagged = try await repository.update(id: 1, by: "test") { _ in try QuoteContent(text: "Written by an older version", author: "Old", tags: ["kept"]) }
            #expect(tagged.tags == ["kept"])
            // History began at the upgrade with the quote as it was, so its first edit can be undone.
            let history = try #require(try await repository.history(of: 1, before: nil, limit: 10))
            #expect(history.map(\.action) == [.update, .baseline])
            #expect(history.last?.actor == "migration")
            let undone = try await repository.restore(id: 1, revision: 1, by: "test") { _ in }
            #expect(undone.tags == [])
        }
    }

    @Test func storedAuthorsGetSlugsInTheOrderOfTheirFirstQuotes() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "old.sqlite").path
            let before = Array(SQLMigration.bundled.prefix { $0.name < "0015" })
            let old = try AppDatabase.open(path: path, migrations: before)
            let rows = [("Z1", "Émile Zola"), ("A1", "Ada"), ("Z2", "emile zola"), ("B1", "Emile Zola!"), ("N1", nil)]
            try await old.pool.write { db in
                for (text, author) in rows {
                    try db.execute(
                        sql: """
                            INSERT INTO quote (text, author, author_key, source, created_at, updated_at)
                            VALUES (?, ?, ?, 'api', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')
                            """,
                        arguments: [text, author, author?.searchKey]
                    )
                }
            }
            try old.close()
            let upgraded = try AppDatabase.open(path: path)
            defer { try? upgraded.close() }
            let repository = SQLiteQuoteRepository(database: upgraded)
            var slugs: [String?] = []
            for id in Int64(1)...5 { slugs.append(try await repository.quote(id: id)?.authorSlug) }
            #expect(slugs == ["emile-zola", "ada", "emile-zola", "emile-zola-2", nil])
            #expect(try await repository.author(slug: "emile-zola")?.name == "Émile Zola")
        }
    }

    @Test func writesAreDurableWithSynchronousFull() async throws {
        try await withTemporaryDirectory { folder in
            let database = try AppDatabase.open(path: folder.appending(path: "sync.sqlite").path)
            defer { try? database.close() }
            let (journal, synchronous) = try await database.pool.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
            }
            #expect(journal == "wal")
            #expect(synchronous == 2)
        }
    }
}
