/// What is remembered of the seed file's last full import: checked in order of cost, so that an unchanged file
/// costs one `stat` (same size and modification time) or, when only its time moved (a `touch`, a copy), one read
/// (same SHA-256), never the work of checking every line again.
public struct SeedFingerprint: Sendable, Equatable {
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var sha256: String

    public init(size: Int64, modifiedNanoseconds: Int64, sha256: String) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.sha256 = sha256
    }
}
