import GRDB
import QuotegenCore

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
                db.add(function: searchKeyFunction)
                try db.execute(sql: migration.sql)
                // Slugs are made in Swift (AuthorSlug), so this migration's rows are too.
                if migration.name == "0015_author" { try AuthorRows.backfill(db) }
            }
        }
        return migrator
    }

    /// `quotegen_search_key(text)`: `String.searchKey` for migrations that key existing rows (0008). Only
    /// migrations see it: a trigger or index calling it would break every other tool that opens the file.
    private static let searchKeyFunction = DatabaseFunction("quotegen_search_key", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0])?.searchKey
    }
}
