import Foundation
import QuotegenCore

/// A file could not be read, written or moved; the message names it and says why.
public struct FileError: UserFacingError, DiskFullSignal {
    public let description: String
    /// The `errno` of the failed call.
    public let errorNumber: Int32

    public init(_ what: String) {
        errorNumber = errno
        description = "\(what) (\(String(cString: strerror(errorNumber))))"
    }

    public var isDiskFull: Bool { errorNumber == ENOSPC }
}
