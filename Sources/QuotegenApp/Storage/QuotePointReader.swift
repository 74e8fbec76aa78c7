import GRDB
import GRDBSQLite
import Synchronization

/// Reads live quotes by id on the calling thread, through SQLite's C API and statements prepared once,
/// for the hot reads (`GET /quote`, `GET /quotes/{id}`).
///
/// Why not `DatabasePool.read`: its hop to a reader queue and back (a semaphore, a dispatch queue, a
/// continuation, and a thread wake-up each way) cost several times the read itself; it bounded
/// `GET /quote` at about 9,000 requests/s on two cores (BENCHMARKS.md).
///
/// Why this does not stall the caller: a read is one primary-key lookup answered from SQLite's page cache
/// or the OS's; it never waits for anything. A connection is taken only if one is idle, and SQLite's busy
/// timeout is zero, so a lock held elsewhere answers `nil` at once instead of sleeping; the caller then
/// goes the usual way through the pool.
final class QuotePointReader: Sendable {
    private let connections: Mutex<(idle: [PointConnection], isClosed: Bool)>

    /// Opens `count` connections to the migrated database at `path`.
    init(path: String, count: Int) throws {
        var opened: [PointConnection] = []
        do {
            for _ in 0..<count { opened.append(try PointConnection(path: path)) }
        } catch {
            opened.forEach { $0.close() }
            throw error
        }
        connections = Mutex((opened, false))
    }

    /// The live quotes among `ids`, in order, deleted ones left out; `nil` when no connection is idle or
    /// the database is busy, so the caller must read another way.
    func liveQuotes(ids: [Int64]) throws -> [Quote]? {
        guard let connection = checkOut() else { return nil }
        defer { checkIn(connection) }
        var quotes: [Quote] = []
        quotes.reserveCapacity(ids.count)
        for id in ids {
            switch try connection.liveQuote(id: id) {
            case .found(let quote): quotes.append(quote)
            case .absent: continue
            case .busy: return nil
            }
        }
        return quotes
    }

    /// Closes every idle connection now and each busy one when it is handed back.
    func close() {
        let idle = connections.withLock { state in
            state.isClosed = true
            defer { state.idle = [] }
            return state.idle
        }
        idle.forEach { $0.close() }
    }

    private func checkOut() -> PointConnection? {
        connections.withLock { state in state.isClosed ? nil : state.idle.popLast() }
    }

    private func checkIn(_ connection: PointConnection) {
        let keep = connections.withLock { state in
            if !state.isClosed { state.idle.append(connection) }
            return !state.isClosed
        }
        if !keep { connection.close() }
    }
}

/// One SQLite connection with its prepared point-read statement. Not thread-safe: `QuotePointReader`
/// lends it to one caller at a time, which is what makes the `@unchecked Sendable` hold.
private final class PointConnection: @unchecked Sendable {
    enum Outcome {
        case found(Quote)
        case absent
        case busy
    }

    private let db: OpaquePointer
    /// Prepared on first use, so that a database opened with only some migrations (tests) still opens.
    private var statement: OpaquePointer?

    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle,
            // query_only: this connection can never write, whatever runs on it.
            sqlite3_exec(handle, "PRAGMA query_only = 1", nil, nil, nil) == SQLITE_OK
        else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw DatabaseError(message: "cannot open a point reader on \(path): \(message)")
        }
        db = handle
    }

    private func prepared() throws -> OpaquePointer {
        if let statement { return statement }
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v3(db, QuoteQuery.liveByIDSQL, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil) == SQLITE_OK,
            let prepared
        else {
            throw DatabaseError(message: "cannot prepare the point read: \(String(cString: sqlite3_errmsg(db)))")
        }
        statement = prepared
        return prepared
    }

    func liveQuote(id: Int64) throws -> Outcome {
        let statement = try prepared()
        defer { sqlite3_reset(statement) }
        sqlite3_bind_int64(statement, 1, id)
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            return .found(try QuoteQuery.quote(
                id: sqlite3_column_int64(statement, 0),
                text: text(statement, 1) ?? "",
                author: text(statement, 2),
                source: text(statement, 3) ?? "",
                createdAt: text(statement, 4) ?? "",
                updatedAt: text(statement, 5) ?? "",
                revision: sqlite3_column_int64(statement, 6),
                tags: text(statement, 7)
            ))
        case SQLITE_DONE:
            return .absent
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db)))
        }
    }

    /// Column `index` as a string (by its byte length, not up to a NUL), `nil` for SQL NULL.
    private func text(_ statement: OpaquePointer, _ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func close() {
        sqlite3_finalize(statement)
        sqlite3_close_v2(db)
    }
}
