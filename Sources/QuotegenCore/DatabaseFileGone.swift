/// The database file was deleted or replaced while this process had it open: what it writes now would be lost,
/// so it refuses to write (HTTP 503) until it is restarted on the file that is there.
public struct DatabaseFileGone: Error, CustomStringConvertible, Equatable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var description: String {
        "the database file \(path) was deleted or replaced while the server had it open; nothing can be saved "
            + "until the server is restarted (restore a backup first if the file was deleted)"
    }
}
