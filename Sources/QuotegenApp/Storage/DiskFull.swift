import Foundation
import GRDB

/// Recognises "no space left on device" however it arrives: SQLite's `SQLITE_FULL`, Foundation's
/// out-of-space error, or `ENOSPC` from a system call. One place, so the API (507) and the command line
/// (one line) say the same thing.
public enum DiskFull {
    public static func matches(_ error: any Error) -> Bool {
        switch error {
        case let error as DatabaseError:
            return error.resultCode == .SQLITE_FULL
        case let error as CocoaError:
            return error.code == .fileWriteOutOfSpace
        case let error as POSIXError:
            return error.code == .ENOSPC
        case let error as FileError:
            return error.errorNumber == ENOSPC
        default:
            return (error as NSError).domain == NSPOSIXErrorDomain && (error as NSError).code == Int(ENOSPC)
        }
    }

    /// Who reported it, for the one line the command line prints.
    public static func cause(of error: any Error) -> String {
        error is DatabaseError ? "SQLite: database or disk is full" : "no space left on device"
    }
}
