import GRDB
import GRDBSQLite
import Synchronization
import QuotegenCore

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
    ///
    /// `knownTags(id, revision)` may supply a quote's tags for that exact revision (the index holds them),
    /// which spares the second B-tree lookup; when it answers nil, the tags are read with the row, in one
    /// statement, so they always belong to the text they come with.
    func liveQuotes(ids: [Int64], knownTags: (Int64, Int64) -> [String]? = { _, _ in nil }) throws -> [Quote]? {
        guard let connection = checkOut() else { return nil }
        defer { checkIn(connection) }
        var quotes: [Quote] = []
        quotes.reserveCapacity(ids.count)
        for id in ids {
            switch try connection.liveQuote(id: id, knownTags: knownTags) {
            case .found(let quote): quotes.append(quote)
            case .absent: continue
            case .busy: return nil
            }
        }
        return quotes
    }

    /// The author with this slug, or `.absent`; nil when no connection is idle or the database is busy, so the
    /// caller must read another way. (The `author_slug` filter reads it before every pick.)
    func author(slug: String) throws -> Author?? {
        guard let connection = checkOut() else { return nil }
        defer { checkIn(connection) }
        return try connection.author(slug: slug)
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

/// One SQLite connection with its two point-read statements (the row; the row with its tags). Not thread-safe: `QuotePointReader`
/// lends it to one caller at a time, which is what makes the `@unchecked Sendable` hold.
private final class PointConnection: @unchecked Sendable {
    enum Outcome {
        case found(Quote)
        case absent
        case busy
    }

    private let db: OpaquePointer
    /// Prepared on first use, so that a database opened with only some migrations (tests) still opens.
    private var rowStatement: OpaquePointer?
    private var quoteStatement: OpaquePointer?
    private var authorStatement: OpaquePointer?

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

    private func prepare(_ sql: String, into slot: inout OpaquePointer?) throws -> OpaquePointer {
        if let slot { return slot }
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil) == SQLITE_OK, let prepared else {
            throw DatabaseError(message: "cannot prepare the point read: \(String(cString: sqlite3_errmsg(db)))")
        }
        slot = prepared
        return prepared
    }

    func liveQuote(id: Int64, knownTags: (Int64, Int64) -> [String]?) throws -> Outcome {
        let row = try prepare(QuoteQuery.liveRowByIDSQL, into: &rowStatement)
        let quick = try step(row, id: id) { statement in
            try knownTags(id, QuoteRow.revision(statement)).map { try QuoteRow.quote(statement, knownTags: $0) }
        }
        switch quick {
        case .found(let quote?): return .found(quote)
        case .found(nil): break  // tags unknown for this revision: read them with the row
        case .absent: return .absent
        case .busy: return .busy
        }
        let full = try prepare(QuoteQuery.liveByIDSQL, into: &quoteStatement)
        switch try step(full, id: id, read: { try QuoteRow.quote($0, knownTags: nil) }) {
        case .found(let quote?): return .found(quote)
        case .found(nil), .absent: return .absent
        case .busy: return .busy
        }
    }

    /// `.some(nil)` when no author has the slug; nil when the database is busy.
    func author(slug: String) throws -> Author?? {
        let statement = try prepare(AuthorRows.bySlugSQL, into: &authorStatement)
        defer { sqlite3_reset(statement) }
        // SQLITE_TRANSIENT: SQLite copies the text, which lives only for this call.
        sqlite3_bind_text(statement, 1, slug, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return .some(AuthorRows.author(statement))
        case SQLITE_DONE: return .some(nil)
        case SQLITE_BUSY, SQLITE_LOCKED: return nil
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db)))
        }
    }

    private enum Step {
        case found(Quote?)
        case absent
        case busy
    }

    /// Runs `statement` for `id` and reads its row, if any, with `read`.
    private func step(_ statement: OpaquePointer, id: Int64, read: (OpaquePointer) throws -> Quote?) throws -> Step {
        defer { sqlite3_reset(statement) }
        sqlite3_bind_int64(statement, 1, id)
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return .found(try read(statement))
        case SQLITE_DONE: return .absent
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db)))
        }
    }

    func close() {
        sqlite3_finalize(rowStatement)
        sqlite3_finalize(quoteStatement)
        sqlite3_finalize(authorStatement)
        sqlite3_close_v2(db)
    }
}
