import GRDB
import GRDBSQLite

/// A cached statement run through SQLite's C API, for the per-row loop of bulk imports only: GRDB's
/// `execute(arguments:)` builds, checks and converts an argument array on every call, which cost more than
/// SQLite's own work for a million rows. Everything else goes through GRDB as usual.
struct BulkStatement {
    private let handle: SQLiteStatement

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
    }

    /// Binds `values` (strings, integers, NULL) in order, runs the statement to completion,
    /// and makes it ready for the next call.
    func run(_ db: Database, _ values: [BulkValue]) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .text(let text): _ = sqlite3_bind_text(handle, index, text, -1, Self.transient)
            case .integer(let integer): _ = sqlite3_bind_int64(handle, index, integer)
            case .null: _ = sqlite3_bind_null(handle, index)
            }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns (the macro is not imported into Swift).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

enum BulkValue {
    case text(String)
    case integer(Int64)
    case null

    static func text(_ optional: String?) -> BulkValue { optional.map(BulkValue.text) ?? .null }
}
