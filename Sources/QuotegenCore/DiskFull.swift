import Foundation

/// An error that can tell whether it means "no space left on device". Errors of the layers above (an engine's
/// database error, a file error) conform where they are defined, so this module names none of them.
public protocol DiskFullSignal: Error {
    var isDiskFull: Bool { get }
    /// Who reported it, for the one line the command line prints.
    var diskFullCause: String { get }
}

extension DiskFullSignal {
    public var diskFullCause: String { DiskFull.noSpace }
}

/// Recognises "no space left on device" however it arrives: an engine's own error (SQLite's `SQLITE_FULL`),
/// Foundation's out-of-space error, or `ENOSPC` from a system call. One place, so the API (507) and the command
/// line (one line) say the same thing.
public enum DiskFull {
    /// What the system calls it, when the error says no more.
    static let noSpace = "no space left on device"

    public static func matches(_ error: any Error) -> Bool {
        switch error {
        case let error as any DiskFullSignal:
            return error.isDiskFull
        case let error as CocoaError:
            return error.code == .fileWriteOutOfSpace
        case let error as POSIXError:
            return error.code == .ENOSPC
        default:
            return (error as NSError).domain == NSPOSIXErrorDomain && (error as NSError).code == Int(ENOSPC)
        }
    }

    /// Who reported it, for the one line the command line prints.
    public static func cause(of error: any Error) -> String {
        (error as? any DiskFullSignal)?.diskFullCause ?? noSpace
    }
}
