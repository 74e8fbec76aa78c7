import GRDB
import QuotegenCore

/// The database file could not be opened, migrated or written. The message names the path and the cause,
/// so that the command line can end with this one line.
public struct DatabaseOpenError: UserFacingError {
    public let path: String
    public let reason: String

    public var description: String { "cannot use database \(path): \(reason)" }
}

extension DatabaseOpenError {
    /// The error an open failed with, as one line: kept as it is when it already is one, else SQLite's message.
    init(path: String, cause: any Error) {
        switch cause {
        case let error as DatabaseOpenError: self = error
        case let error as DatabaseError: self.init(path: path, reason: error.message ?? error.description)
        default: self.init(path: path, reason: "\(cause)")
        }
    }
}
