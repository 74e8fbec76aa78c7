import Foundation
import QuotegenFiles

/// The database file and the files SQLite keeps beside it (`-wal`, `-shm`, `-journal`), as the file system
/// knows them: by resolved path and by device and inode. The one place that tells whether another path is
/// one of them, so that no command writes over the store it reads.
struct DatabaseFiles: Sendable {
    static let companionSuffixes = ["-wal", "-shm", "-journal"]

    let path: String

    /// The database file or companion that writing `other` would replace, or nil when `other` is none of them:
    /// the same path once symlinks are resolved, or the same file (device and inode, which also catches hard links).
    func fileReplaced(by other: String) -> String? {
        let target = ResolvedPath.of(other)
        var targetInfo = stat()
        let targetExists = stat(other, &targetInfo) == 0
        for candidate in [path] + Self.companionSuffixes.map({ path + $0 }) {
            if ResolvedPath.of(candidate) == target { return candidate }
            var info = stat()
            if targetExists, stat(candidate, &info) == 0, info.st_dev == targetInfo.st_dev, info.st_ino == targetInfo.st_ino {
                return candidate
            }
        }
        return nil
    }
}
