import Foundation
import QuotegenFiles

/// Where `quotegen export --output` may write: a new file, or a regular file it replaces. A device, FIFO,
/// socket or folder at that path is refused: replacing `/dev/null` with a regular file, as root, breaks the system.
public enum ExportDestination {
    public static func check(_ path: String) throws(TransferError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // nothing there yet
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK:
            // A link to a regular file is replaced by the file itself; to anything else, refused.
            var target = stat()
            if stat(path, &target) == 0, target.st_mode & S_IFMT == S_IFREG { return }
            kind = "a link to something other than a regular file"
        default: kind = FileKind.name(info.st_mode)
        }
        throw TransferError("--output \(path) is \(kind); give a regular file, or - (or no --output) for standard output")
    }
}
