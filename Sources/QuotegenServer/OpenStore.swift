import Foundation
import QuotegenCore
import QuotegenPostgres
import QuotegenSQLite

/// The store that `--db` names, open, with what its engine offers beyond `QuoteStore`: the one place the command
/// line learns which engine it runs on. A `postgres://` or `postgresql://` URL is PostgreSQL; anything else is a
/// SQLite file's path.
public struct OpenStore: Sendable {
    public let store: any QuoteStore
    /// The location as messages show it (a URL without its password).
    public let description: String
    /// File snapshots (`quotegen backup`) when the engine has them; nil otherwise.
    let snapshots: (any StoreSnapshots)?
    private let closeEngine: @Sendable () async throws -> Void

    /// Opens (creating and migrating if needed) the store at `location`; `readOnly` opens an existing, fully
    /// migrated one and never writes to it (on PostgreSQL, the export's read-only transaction is what holds it).
    public static func open(
        _ location: String, readOnly: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> OpenStore {
        if PostgresLocation.isURL(location) {
            let database = try await PostgresAppDatabase.open(try PostgresLocation(url: location, environment: environment))
            return OpenStore(
                store: PostgresQuoteStore(database: database), description: "\(database.location)", snapshots: nil,
                close: { await database.close() }
            )
        }
        let database = readOnly ? try AppDatabase.openReadOnly(path: location) : try AppDatabase.open(path: location)
        return OpenStore(
            store: SQLiteQuoteRepository(database: database), description: location, snapshots: database, close: database.close
        )
    }

    init(
        store: any QuoteStore, description: String, snapshots: (any StoreSnapshots)?,
        close: @escaping @Sendable () async throws -> Void
    ) {
        (self.store, self.description, self.snapshots, self.closeEngine) = (store, description, snapshots, close)
    }

    /// A consistent copy of the store at `destination` (`quotegen backup`); an engine without file snapshots is
    /// refused in one line that says what to use instead.
    public func backup(to destination: String) async throws -> BackupReport {
        guard let snapshots else { throw Self.useEngineTools }
        return try await snapshots.backup(to: destination)
    }

    /// `quotegen backup`: a store that cannot have file snapshots (a URL) is refused before it is opened, so that
    /// a refusal never connects to, nor migrates, the store it refuses.
    public static func backup(
        _ location: String, to destination: String, environment: [String: String]
    ) async throws -> BackupReport {
        guard !PostgresLocation.isURL(location) else { throw useEngineTools }
        return try await with(location, environment: environment) { try await $0.backup(to: destination) }
    }

    /// Replaces the store at `location` with the backup at `source`, atomically; refused while a server has it open.
    public static func restore(from source: String, to location: String) async throws -> BackupReport {
        guard !PostgresLocation.isURL(location) else { throw useEngineTools }
        return try await AppDatabase.restore(from: source, to: location)
    }

    /// Why `backup` and `restore` refuse a PostgreSQL store (README "Running several replicas" shows both commands).
    static let useEngineTools = UnsupportedByEngine(
        "backup and restore work on SQLite files; back a PostgreSQL store up with pg_dump (pg_dump -Fc -f quotes.dump URL) and restore it with pg_restore (pg_restore --clean -d URL quotes.dump)"
    )

    public func close() async throws {
        try await closeEngine()
    }

    /// Opens the store for the length of `body`, and closes it after, whether `body` throws or not.
    public static func with<T>(
        _ location: String, readOnly: Bool = false, environment: [String: String], _ body: (OpenStore) async throws -> T
    ) async throws -> T {
        let opened = try await open(location, readOnly: readOnly, environment: environment)
        do {
            let result = try await body(opened)
            try? await opened.close()
            return result
        } catch {
            try? await opened.close()
            throw error
        }
    }
}
