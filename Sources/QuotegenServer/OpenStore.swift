import QuotegenCore
import QuotegenSQLite

/// The store that `--db` names, open, with what its engine offers beyond `QuoteStore`: the one place the command
/// line learns which engine it runs on (SQLite today; the location's form will choose when there are more).
public struct OpenStore: Sendable {
    public let store: any QuoteStore
    /// File snapshots (`quotegen backup`) when the engine has them; nil otherwise.
    let snapshots: (any StoreSnapshots)?
    private let closeEngine: @Sendable () throws -> Void

    /// Opens (creating and migrating if needed) the store at `location`; `readOnly` opens an existing, fully
    /// migrated one and never writes to it.
    public static func open(_ location: String, readOnly: Bool = false) throws -> OpenStore {
        let database = readOnly ? try AppDatabase.openReadOnly(path: location) : try AppDatabase.open(path: location)
        return OpenStore(store: SQLiteQuoteRepository(database: database), snapshots: database, close: database.close)
    }

    init(store: any QuoteStore, snapshots: (any StoreSnapshots)?, close: @escaping @Sendable () throws -> Void) {
        (self.store, self.snapshots, self.closeEngine) = (store, snapshots, close)
    }

    /// A consistent copy of the store at `destination` (`quotegen backup`); an engine without file snapshots is
    /// refused in one line that says what to use instead.
    public func backup(to destination: String) async throws -> BackupReport {
        guard let snapshots else {
            throw UnsupportedByEngine("this storage engine has no file backups; use its own backup tool")
        }
        return try await snapshots.backup(to: destination)
    }

    /// Replaces the store at `location` with the backup at `source`, atomically; refused while a server has it open.
    public static func restore(from source: String, to location: String) async throws -> BackupReport {
        try await AppDatabase.restore(from: source, to: location)
    }

    public func close() throws {
        try closeEngine()
    }
}
