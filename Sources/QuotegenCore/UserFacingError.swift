/// An error whose description tells a user what went wrong and what to do, in one line: the command line
/// prints it as `quotegen: <description>` and exits 1, instead of a stack of internals.
///
/// Each error type says so where it is defined (`struct BackupError: UserFacingError`), with its message.
public protocol UserFacingError: Error, CustomStringConvertible {}
