/// An error whose description tells a user what went wrong and what to do, in one line: the command line
/// prints it as `quotegen: <description>` and exits 1, instead of a stack of internals.
public protocol UserFacingError: Error, CustomStringConvertible {}

extension DatabaseOpenError: UserFacingError {}
extension SettingsError: UserFacingError {}
extension TransferError: UserFacingError {}
extension StrictImportError: UserFacingError {}
extension FileError: UserFacingError {}
extension RestoreError: UserFacingError {}
extension BackupError: UserFacingError {}
extension SeedFileRefused: UserFacingError {}
