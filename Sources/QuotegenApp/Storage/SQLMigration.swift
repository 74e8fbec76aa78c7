import GRDB

/// One `.sql` file of the top-level `migrations/` folder, carried inside the binary
/// (see the EmbedResources plugin, which generates `SQLMigration.bundled`).
public struct SQLMigration: Sendable, Equatable {
    /// The file name without `.sql`; also the identifier recorded in the database once applied.
    public let name: String
    public let sql: String
}

extension SQLMigration {
    /// A migrator that applies `migrations` in order, each once, recording them in `grdb_migrations`.
    static func migrator(for migrations: [SQLMigration] = bundled) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }
}
