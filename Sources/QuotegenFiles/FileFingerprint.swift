import Foundation

/// Identifies one version of a file by what `stat` says of it.
public struct FileFingerprint: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    public let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int
    /// The file type bits of `st_mode`.
    public let type: mode_t

    /// nil when nothing is at `path`.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
        type = info.st_mode & S_IFMT
    }

    public var isRegularFile: Bool { type == S_IFREG }

    /// The modification time in nanoseconds since 1970.
    public var modified: Int64 { Int64(modifiedSeconds) * 1_000_000_000 + Int64(modifiedNanoseconds) }
}
