import GRDB
import Synchronization
import QuotegenCore
import QuotegenRuntime

/// The days' choices this process has seen, so that `GET /quote/today` reads one row instead of two. A cached
/// choice is only a shortcut: it is checked to be live on every use.
final class DailyChoiceCache: Sendable {
    private let choices = Mutex<[String: Int64]>([:])

    subscript(key: String) -> Int64? {
        get { choices.withLock { $0[key] } }
        set {
            choices.withLock { choices in
                // A handful of days (and zones' cut-offs) are ever asked at once; forget old ones wholesale.
                if choices.count >= 64 { choices.removeAll() }
                choices[key] = newValue
            }
        }
    }

    func clear() { choices.withLock { $0.removeAll() } }
}

extension SQLiteQuoteRepository {
    public func dailyQuote(day: String, createdBefore: String) async throws -> Quote? {
        let key = "\(day) \(createdBefore)"
        if let id = dailyChoices[key], let quote = try await quote(id: id) { return quote }
        let stored = try await pool.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: Self.storedChoiceSQL), arguments: [day, createdBefore])
        }
        if let stored, let quote = try await quote(id: stored) {
            dailyChoices[key] = stored
            return quote
        }
        guard let chosen = try await pool.read({ db in try Self.chooseDaily(db, day: day, createdBefore: createdBefore) }) else {
            return nil
        }
        // Kept for the day: a first choice only if no process has kept one meanwhile (theirs wins), a replacement
        // only of the deleted choice this call saw. If the write fails (a full disk, say), the answer is still this
        // choice, which any process would make from the same quotes; the next call tries again.
        let kept: Int64? = (try? await database.committer.write { db -> Int64? in
            try db.execute(
                sql: """
                    INSERT INTO daily_choice (day, created_before, quote_id) VALUES (?, ?, ?)
                    ON CONFLICT (day, created_before) DO UPDATE SET quote_id = excluded.quote_id WHERE quote_id IS ?
                    """,
                arguments: [day, createdBefore, chosen, stored]
            )
            return try Int64.fetchOne(db, sql: Self.storedChoiceSQL, arguments: [day, createdBefore])
        }) ?? nil
        // The kept row wins (another process may have chosen first); the cache is only ever a kept choice.
        if let kept { dailyChoices[key] = kept }
        if let kept, kept != chosen, let theirs = try await quote(id: kept) { return theirs }
        return try await quote(id: chosen)
    }

    private static let storedChoiceSQL = "SELECT quote_id FROM daily_choice WHERE day = ? AND created_before = ?"

    /// The candidates are the live quotes created before the cut-off, or all live quotes in a store younger than
    /// the day. Each step is an index lookup: the earliest and latest candidates by creation (their ids bound the
    /// probes), then one primary-key lookup per probe.
    static func chooseDaily(_ db: Database, day: String, createdBefore: String) throws -> Int64? {
        for cutoff in [createdBefore, nil] {
            let candidate = cutoff == nil ? "deleted_at IS NULL" : "deleted_at IS NULL AND created_at < ?"
            let arguments: StatementArguments = cutoff.map { [$0] } ?? []
            let ends = dailyEndsSQL(candidate: candidate)
            guard let earliest = try Int64.fetchOne(db.cachedStatement(sql: ends.earliest), arguments: arguments),
                  let latest = try Int64.fetchOne(db.cachedStatement(sql: ends.latest), arguments: arguments) else { continue }
            let probe = try db.cachedStatement(sql: dailyProbeSQL(candidate: candidate))
            return try DailyQuoteChoice.choose(day: day, in: min(earliest, latest)...max(earliest, latest), fallback: earliest) { id in
                try Int64.fetchOne(probe, arguments: [id] + arguments) != nil
            }
        }
        return nil
    }

    /// The statements of `chooseDaily`, for the query-plan test.
    static func dailyEndsSQL(candidate: String) -> (earliest: String, latest: String) {
        (
            "SELECT id FROM quote WHERE \(candidate) ORDER BY created_at, id LIMIT 1",
            "SELECT id FROM quote WHERE \(candidate) ORDER BY created_at DESC, id DESC LIMIT 1"
        )
    }

    static func dailyProbeSQL(candidate: String) -> String { "SELECT id FROM quote WHERE id = ? AND \(candidate)" }
}
