import Foundation
import Synchronization
import QuotegenFiles

/// An advisory lock (flock) on the database file itself: every quotegen process that opens the database holds
/// it shared; `quotegen restore` takes it exclusively, so it never replaces a file in use and nothing opens the
/// file while it is being replaced. SQLite's own locks are fcntl locks, which flock does not touch on Linux.
final class DatabaseUseLock: Sendable {
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Shared: any number of servers, seeds and imports at once, but not during a restore.
    static func shared(path: String, readOnly: Bool = false) throws(DatabaseOpenError) -> DatabaseUseLock {
        // flock needs no write access: a reader of a read-only file takes the same shared lock.
        let descriptor = readOnly ? open(path, O_RDONLY | O_CLOEXEC) : open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DatabaseOpenError(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else {
            close(descriptor)
            throw DatabaseOpenError(path: path, reason: "a restore is replacing this database; start again once it is done")
        }
        return DatabaseUseLock(descriptor: descriptor)
    }

    /// Exclusive, for a restore; nil when there is no file yet. Throws when any process has the database open.
    static func exclusive(path: String) throws -> DatabaseUseLock? {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw FileError("cannot open \(path)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw RestoreError(
                "\(path) is in use by a quotegen process (a server, seed or import); stop it first, then restore"
            )
        }
        return DatabaseUseLock(descriptor: descriptor)
    }

    /// Fails if `path` was replaced (renamed over) between taking the lock and opening the database,
    /// which would leave this lock on a file nobody uses.
    func checkStillNamed(_ path: String) throws(DatabaseOpenError) {
        guard isStillNamed(path) else { throw DatabaseOpenError(path: path, reason: "the file was replaced while opening it; start again") }
    }

    /// Whether `path` still names the file this lock holds open (same device and inode): false once the file was
    /// deleted, or another file was renamed or copied into its place. True once released: a closed database
    /// reports its own error.
    func isStillNamed(_ path: String) -> Bool {
        var locked = stat()
        var named = stat()
        let held = descriptor.withLock { $0 < 0 ? nil : fstat($0, &locked) == 0 }
        guard let held else { return true }
        return held && stat(path, &named) == 0
            && locked.st_ino == named.st_ino && locked.st_dev == named.st_dev
    }

    func release() {
        descriptor.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
    }

    deinit { release() }
}
