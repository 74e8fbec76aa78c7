import Logging
import PostgresNIO

/// One `.sql` file of `migrations/postgres/`, carried inside the binary (the EmbedResources plugin generates
/// `PostgresMigration.bundled`).
public struct PostgresMigration: Sendable, Equatable {
    /// The file name without `.sql`; also the name recorded in `quotegen_migration` once applied.
    public let name: String
    public let sql: String
}

extension PostgresAppDatabase {
    /// Applies the migrations not yet recorded, each in its own transaction, in name order. A session advisory
    /// lock makes replicas that start together take turns: the first applies, the others find them recorded.
    func migrate(_ migrations: [PostgresMigration]) async throws {
        let logger = logger
        try await withConnection(timeLimit: false) { connection in
            try await connection.run("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: logger)
            do {
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS quotegen_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: logger
                )
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM quotegen_migration", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                for migration in migrations where !applied.contains(migration.name) {
                    try await connection.withTransaction(logger: logger) { connection in
                        for statement in SQLScript.statements(migration.sql) {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        // Slugs are made in Swift (AuthorSlug), so this migration's rows are too.
                        if migration.name == "0006_author" { try await PostgresAuthorRows.backfill(connection, logger: logger) }
                        try await connection.query("INSERT INTO quotegen_migration (name) VALUES (\(migration.name))", logger: logger)
                    }
                    logger.info("migration applied", metadata: ["migration": "\(migration.name)"])
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                throw error
            }
            try await connection.run("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
        }
    }

    /// The advisory lock keys quotegen takes (any distinct numbers would do): migrations; 7_400_113, the
    /// writers' shared lock, is in the SQL of migration 0001 and the change feed; raising the id sequence
    /// after a copied batch (`insertStored`).
    static let migrationLock: Int64 = 7_400_112
    static let idSequenceLock: Int64 = 7_400_114
}
