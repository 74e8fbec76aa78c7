/// What an engine whose store is a file offers beyond `QuoteStore`: a consistent copy taken while it serves.
/// The command line asks the open store for it; an engine without it (a server database, whose own tools
/// make backups) has none, and `quotegen backup` says so in one line.
public protocol StoreSnapshots: Sendable {
    /// Writes a consistent, checked copy of the store to `destination`, never leaving it partial.
    func backup(to destination: String) async throws -> BackupReport
}

/// What a backup or restore copied.
public struct BackupReport: Sendable {
    public let path: String
    public let liveQuotes: Int
    public let bytes: Int64

    public init(path: String, liveQuotes: Int, bytes: Int64) {
        (self.path, self.liveQuotes, self.bytes) = (path, liveQuotes, bytes)
    }
}

/// The store's engine cannot do what was asked (`quotegen backup` on an engine without file snapshots).
public struct UnsupportedByEngine: UserFacingError {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
