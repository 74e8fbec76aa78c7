import Foundation
import GRDB
import QuotegenCore
import QuotegenFiles

/// `quotegen backup` refused; nothing was written.
public struct BackupError: UserFacingError, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `quotegen restore` refused; nothing was changed.
public struct RestoreError: UserFacingError, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension AppDatabase: StoreSnapshots {
    /// A consistent copy of the database at `destination`, taken while the server keeps serving and writing:
    /// `VACUUM INTO` reads one snapshot (every write committed before it started, nothing after), into a
    /// temporary file beside `destination` that is checked with `PRAGMA integrity_check`, synced, then renamed.
    /// `destination` is never left partial, and never the database itself or a file SQLite keeps beside it
    /// (renaming the copy over the live file would corrupt it under the server).
    public func backup(to destination: String) async throws -> BackupReport {
        if let replaced = DatabaseFiles(path: path).fileReplaced(by: destination) {
            throw BackupError(
                "refusing to back up onto \(destination): it is \(replaced == path ? "the database itself" : "the database's file \(replaced)"); "
                    + "choose a path outside the database's files"
            )
        }
        try await AtomicFile.replace(destination) { temporary in
            // VACUUM cannot run inside a transaction, and needs none: it is one statement, one snapshot.
            try await pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temporary]) }
            try Self.check(temporary, role: "the new backup")
        }
        return try Self.describe(destination)
    }

    /// Replaces the database at `path` with the backup at `source`, atomically, after checking that the backup
    /// is intact and of a schema this build knows. Refuses while any quotegen process has `path` open.
    public static func restore(from source: String, to path: String) async throws -> BackupReport {
        guard FileManager.default.isReadableFile(atPath: source) else { throw FileError("cannot read \(source)") }
        try check(source, role: source)
        let lock = try DatabaseUseLock.exclusive(path: path)
        defer { lock?.release() }
        try await AtomicFile.replace(path) { temporary in
            // SQLite's backup API, not a file copy: it also takes whatever is still in the source's WAL file.
            let from = try DatabaseQueue(path: source, configuration: readOnly)
            defer { try? from.close() }
            let to = try DatabaseQueue(path: temporary)
            try from.backup(to: to)
            try to.close()
            // Left over from the old file (a crash), they would be replayed into the new one.
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
        }
        return try describe(path)
    }

    private static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    /// Throws unless the file at `path` is an intact quotegen database whose migrations this build knows.
    static func check(_ path: String, role: String) throws {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: readOnly)
        } catch {
            throw RestoreError("\(role) cannot be opened: \((error as? DatabaseError)?.message ?? "\(error)")")
        }
        defer { try? queue.close() }
        try queue.read { db in
            let problems: [String]
            do {
                problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            } catch {
                throw RestoreError("\(role) is not a SQLite database: \((error as? DatabaseError)?.message ?? "\(error)")")
            }
            guard problems == ["ok"] else {
                throw RestoreError("\(role) fails SQLite's integrity check: \(problems.prefix(3).joined(separator: "; "))")
            }
            guard try db.tableExists("grdb_migrations"), try db.tableExists("quote") else {
                throw RestoreError("\(role) is not a quotegen database (it has no quote table or migration record)")
            }
            let known = Set(SQLMigration.bundled.map(\.name))
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            if let unknown = applied.sorted().first(where: { !known.contains($0) }) {
                throw RestoreError("\(role) was written by a newer quotegen (it has migration \(unknown), which this build does not know)")
            }
            // Every object must be what the recorded migrations build: a trigger or a reshaped table would run
            // or break on the next write, past all of quotegen's validation.
            if let first = try SchemaCheck.check(db).all.first {
                throw RestoreError("\(role) has a schema its migrations do not build: \(first)")
            }
        }
    }

    private static func describe(_ path: String) throws -> BackupReport {
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? queue.close() }
        let live = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM quote WHERE deleted_at IS NULL") ?? 0 }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        return BackupReport(path: path, liveQuotes: live, bytes: size ?? 0)
    }
}
