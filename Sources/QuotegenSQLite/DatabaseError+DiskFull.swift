import GRDB
import QuotegenCore

extension DatabaseError: DiskFullSignal {
    public var isDiskFull: Bool { resultCode == .SQLITE_FULL }
    public var diskFullCause: String { "SQLite: database or disk is full" }
}
