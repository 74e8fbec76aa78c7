/// The database file could not be opened, migrated or written. The message names the path and the cause,
/// so that the command line can end with this one line.
public struct DatabaseOpenError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot use database \(path): \(reason)" }
}
