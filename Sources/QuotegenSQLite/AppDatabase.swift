import Foundation
import GRDB
import QuotegenCore

/// The process's one connection pool to the quote database (WAL, one writer, many readers).
///
/// Opening it creates the parent folder, applies pending migrations and switches the writer to
/// `synchronous=FULL`, so that a commit is on disk before a write is acknowledged.
public final class AppDatabase: Sendable {
    public let path: String
    public let pool: DatabasePool
    /// API writes go through here, so that concurrent ones share a commit.
    let committer: GroupCommitter
    /// The hot reads by id, on the caller's thread (see there why).
    let pointReader: QuotePointReader
    /// Held (shared) while the database is open, so that `quotegen restore` can tell it is in use.
    private let useLock: DatabaseUseLock
    /// Tables, indexes and views that the migrations do not create (a DBA's index): allowed, and logged at start.
    public let schemaExtras: [String]

    private init(path: String, pool: DatabasePool, pointReader: QuotePointReader, useLock: DatabaseUseLock, schemaExtras: [String]) {
        self.schemaExtras = schemaExtras
        self.path = path
        self.pool = pool
        self.committer = GroupCommitter(pool: pool) {
            guard useLock.isStillNamed(path) else { throw DatabaseFileGone(path: path) }
        }
        self.pointReader = pointReader
        self.useLock = useLock
    }

    /// Opens (creating if needed) and migrates the database at `path`.
    public static func open(
        path: String,
        migrations: [SQLMigration] = SQLMigration.bundled
    ) throws(DatabaseOpenError) -> AppDatabase {
        try checkAccess(path: path)
        let useLock = try DatabaseUseLock.shared(path: path)
        do {
            var configuration = Configuration()
            // A second process (`quotegen seed` beside the server) may hold the write lock for a while:
            // wait for it rather than failing.
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                // Statement journals (an INSERT that fires a trigger needs one) stay in memory: on disk they
                // cost a write per touched page, most of a bulk import's time.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try SQLMigration.migrator(for: migrations).migrate(pool)
            try pool.writeWithoutTransaction { db in
                // DatabasePool sets NORMAL on its writer after `prepareDatabase`; FULL must come afterwards.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
                guard level == 2 else {
                    throw DatabaseOpenError(path: path, reason: "SQLite refused synchronous=FULL (got \(level ?? -1))")
                }
            }
            let schema = try pool.read { db in try SchemaCheck.check(db, bundled: migrations) }
            if let refusal = schema.refusals.first {
                throw DatabaseOpenError(
                    path: path, reason: "its schema was changed outside quotegen: \(refusal); restore a backup or remove it by hand"
                )
            }
            try useLock.checkStillNamed(path)
            // One connection per thread of Swift's cooperative pool, where handlers run.
            let pointReader = try QuotePointReader(path: path, count: max(2, ProcessInfo.processInfo.activeProcessorCount))
            return AppDatabase(
                path: path, pool: pool, pointReader: pointReader, useLock: useLock, schemaExtras: schema.extras
            )
        } catch {
            throw DatabaseOpenError(path: path, cause: error)
        }
    }

    /// Opens an existing, fully migrated database for reading only (`quotegen export`): nothing is created,
    /// migrated or written, so it works on a read-only file or folder and beside a running server.
    public static func openReadOnly(path: String, migrations: [SQLMigration] = SQLMigration.bundled) throws(DatabaseOpenError) -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw DatabaseOpenError(path: path, reason: "there is no database file there") }
        let useLock = try DatabaseUseLock.shared(path: path, readOnly: true)
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(30)
            let pool: DatabasePool
            do {
                pool = try DatabasePool(path: path, configuration: configuration)
            } catch {
                // A WAL database needs its -shm file to be read. In a folder nobody can write to, no writer can
                // have left a -wal either, so the file alone is the whole database: read it as immutable.
                guard access(URL(fileURLWithPath: path).deletingLastPathComponent().path, W_OK) != 0,
                      !FileManager.default.fileExists(atPath: path + "-wal") else { throw error }
                pool = try DatabasePool(path: immutableURI(path), configuration: configuration)
            }
            let complete = try pool.read { db in try SQLMigration.migrator(for: migrations).hasCompletedMigrations(db) }
            guard complete else {
                throw DatabaseOpenError(path: path, reason: "it was made by an older quotegen; run `quotegen migrate` first")
            }
            return AppDatabase(
                path: path, pool: pool, pointReader: try QuotePointReader(path: path, count: 0), useLock: useLock, schemaExtras: []
            )
        } catch {
            throw DatabaseOpenError(path: path, cause: error)
        }
    }

    /// An SQLite URI filename for `path` opened read-only as immutable (Debian's SQLite accepts URI filenames).
    private static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
        return "file:\(encoded)?mode=ro&immutable=1"
    }

    /// Whether the path still names the file this process has open. When it does not (deleted, or replaced by a
    /// copy or a rename), every write would go to a file nobody will open again.
    public var fileIsInPlace: Bool { useLock.isStillNamed(path) }

    /// Throws `DatabaseFileGone` unless the path still names the open file.
    func checkFileInPlace() throws(DatabaseFileGone) {
        guard fileIsInPlace else { throw DatabaseFileGone(path: path) }
    }

    /// Closes every connection. Later accesses throw.
    public func close() throws {
        pointReader.close()
        try pool.close()
        useLock.release()
    }

    /// Catches what SQLite would only report vaguely ("unable to open database file"), or not at all
    /// (it silently opens a file it cannot write read-only).
    private static func checkAccess(path: String) throws(DatabaseOpenError) {
        let file = URL(fileURLWithPath: path)
        let folder = file.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DatabaseOpenError(path: path, reason: "cannot create folder \(folder): \(describe(error))")
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw DatabaseOpenError(path: path, reason: "it is a directory, not a database file")
        }
        // SQLite also writes PATH-wal and PATH-shm beside the file.
        if access(folder, W_OK | X_OK) != 0 {
            throw DatabaseOpenError(
                path: path,
                reason: "folder \(folder) is not writable by uid \(getuid()) (\(errnoText())); "
                    + "mount a named volume there, or give that uid the host folder (chown \(getuid()) FOLDER)"
            )
        }
        if exists && access(path, R_OK | W_OK) != 0 {
            throw DatabaseOpenError(path: path, reason: "file is not readable and writable by uid \(getuid()) (\(errnoText()))")
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func describe(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
