import GRDB

/// Compares a database's schema (`sqlite_master`: tables, indexes, triggers, views) with the schema that its
/// recorded migrations build in an empty in-memory database. A trigger or a changed table in a file is code
/// that runs on every write, so `restore` accepts only the exact schema and the server refuses unknown triggers.
enum SchemaCheck {
    struct Object: Hashable, Sendable {
        let type: String
        let name: String
        let table: String
        let sql: String?

        var label: String { "\(type) '\(name)'\(type == "table" || table == name ? "" : " on \(table)")" }
        var withArticle: String { (type == "index" ? "an " : "a ") + label }
    }

    /// What differs from the expected schema, in a stable order.
    struct Differences: Sendable, Equatable {
        /// Objects the migrations create that are missing or defined otherwise, and unknown triggers:
        /// the schema cannot be trusted.
        var refusals: [String] = []
        /// Tables, indexes and views the migrations do not create (a DBA's index, say): harmless to quotegen.
        var extras: [String] = []

        var all: [String] { refusals + extras }
    }

    /// The schema objects of `db`, by type and name; SQLite's own (`sqlite_*`) are left out.
    static func objects(_ db: Database) throws -> [String: Object] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
        var objects: [String: Object] = [:]
        for row in rows {
            let object = Object(type: row[0], name: row[1], table: row[2], sql: row[3])
            objects["\(object.type) \(object.name)"] = object
        }
        return objects
    }

    /// The schema that applying `migrationNames` (in the bundled order) builds in an empty database.
    static func expectedObjects(migrationNames: Set<String>, bundled: [SQLMigration] = SQLMigration.bundled) throws -> [String: Object] {
        let memory = try DatabaseQueue()
        try SQLMigration.migrator(for: bundled.filter { migrationNames.contains($0.name) }).migrate(memory)
        return try memory.read(objects)
    }

    static func differences(actual: [String: Object], expected: [String: Object]) -> Differences {
        var differences = Differences()
        for key in expected.keys.sorted() {
            let wanted = expected[key]!
            guard let found = actual[key] else {
                differences.refusals.append("it lacks the \(wanted.label) that its migrations create")
                continue
            }
            if found != wanted {
                differences.refusals.append("its \(wanted.label) is not defined as its migrations define it")
            }
        }
        for key in actual.keys.sorted() where expected[key] == nil {
            let extra = actual[key]!
            if extra.type == "trigger" {
                differences.refusals.append("it has \(extra.withArticle) that its migrations do not create")
            } else {
                differences.extras.append("it has \(extra.withArticle) that its migrations do not create")
            }
        }
        return differences
    }

    /// The differences between `db` and what its recorded migrations build.
    static func check(_ db: Database, bundled: [SQLMigration] = SQLMigration.bundled) throws -> Differences {
        let recorded = try db.tableExists("grdb_migrations")
            ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
        return differences(actual: try objects(db), expected: try expectedObjects(migrationNames: recorded, bundled: bundled))
    }
}
