import Foundation

/// Puts a file in place only once it is complete and on disk: written to a temporary name in the same folder,
/// synced, renamed over the destination (atomic within a file system), and the folder synced. A failure
/// removes the temporary file, so the destination is either untouched or complete, never partial.
public enum AtomicFile {
    /// Calls `write` with a temporary path beside `destination` (which does not exist yet), then moves it there.
    public static func replace(_ destination: String, write: (_ temporaryPath: String) async throws -> Void) async throws {
        let url = URL(fileURLWithPath: destination)
        let folder = url.deletingLastPathComponent().path
        removeStaleTemporaries(in: folder)
        let temporary = url.deletingLastPathComponent()
            .appending(path: ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        do {
            try await write(temporary)
            // A file that is replaced keeps its permissions (a 0600 export stays private) and, when allowed, its owner.
            var existing = stat()
            if stat(destination, &existing) == 0 {
                chmod(temporary, existing.st_mode & 0o7777)
                _ = chown(temporary, existing.st_uid, existing.st_gid)
            }
            try sync(temporary)
            guard rename(temporary, destination) == 0 else { throw FileError("cannot move the new file to \(destination)") }
            try sync(folder)
        } catch {
            // SQLite may have left a journal beside a database it was writing there (VACUUM INTO, a restore).
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
    }

    /// Removes what a process killed halfway through `replace` left in `folder`: files named like its temporary
    /// files (`.NAME.tmp-PID-N`, with SQLite's `-journal`, `-wal`, `-shm`) whose process is gone, and also this
    /// process's own when `includingOwn` (at start, before it wrote any). Returns the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String, includingOwn: Bool = false) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let match = name.wholeMatch(of: /\..+\.tmp-(\d+)-\d+(-journal|-wal|-shm)?/), let pid = pid_t(match.1) else { continue }
            let gone = kill(pid, 0) != 0 && errno == ESRCH
            guard gone || (includingOwn && pid == getpid()) else { continue }
            let path = URL(fileURLWithPath: folder).appending(path: name).path
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    /// fsync on a file or a folder.
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw FileError("cannot open \(path) to sync it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileError("cannot sync \(path) to disk") }
    }
}
