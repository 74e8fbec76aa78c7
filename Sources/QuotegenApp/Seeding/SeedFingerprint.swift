import Foundation

/// What is remembered of the seed file's last full import: checked in order of cost, so that an unchanged file
/// costs one `stat` (same size and modification time) or, when only its time moved (a `touch`, a copy), one read
/// (same SHA-256), never the work of checking every line again.
public struct SeedFingerprint: Sendable, Equatable {
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var sha256: String

    /// Size and modification time of the file at `path` (which must be a regular file).
    static func stat(_ info: stat) -> (size: Int64, modifiedNanoseconds: Int64) {
        (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
