import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    /// As on SQLite (`DailyQuoteChoice` over the same candidates, kept in `daily_choice`), so that the same day
    /// gives the same quote on both engines for the same data, and every replica serves the kept choice.
    public func dailyQuote(day: String, createdBefore: String) async throws -> Quote? {
        if let stored = try await storedChoice(day: day, createdBefore: createdBefore), let quote = try await quote(id: stored) {
            return quote
        }
        let stored = try await storedChoice(day: day, createdBefore: createdBefore)
        guard let chosen = try await chooseDaily(day: day, createdBefore: createdBefore) else { return nil }
        // A first choice only if no replica has kept one meanwhile (theirs wins); a replacement only of the deleted
        // choice this call saw. If the write fails, the answer is still this choice, which any replica would make.
        _ = try? await database.query("""
            INSERT INTO daily_choice (day, created_before, quote_id) VALUES (\(day), \(createdBefore), \(chosen))
            ON CONFLICT (day, created_before) DO UPDATE SET quote_id = excluded.quote_id
            WHERE daily_choice.quote_id IS NOT DISTINCT FROM \(stored)
            """)
        if let kept = try await storedChoice(day: day, createdBefore: createdBefore), kept != chosen, let theirs = try await quote(id: kept) {
            return theirs
        }
        return try await quote(id: chosen)
    }

    private func storedChoice(day: String, createdBefore: String) async throws -> Int64? {
        try await values("SELECT quote_id FROM daily_choice WHERE day = \(day) AND created_before = \(createdBefore)", as: Int64.self).first
    }

    /// The candidates are the live quotes created before the cut-off, or all live quotes in a store younger than
    /// the day; each step is an index lookup, as on SQLite.
    private func chooseDaily(day: String, createdBefore: String) async throws -> Int64? {
        for cutoff in [createdBefore, nil] {
            let candidate = cutoff == nil ? "deleted_at IS NULL" : "deleted_at IS NULL AND created_at < $1"
            func ids(_ sql: String, _ extra: Int64? = nil) async throws -> Int64? {
                var binds = PostgresBindings()
                if let cutoff { binds.append(cutoff) }
                if let extra { binds.append(extra) }
                return try await values(PostgresQuery(unsafeSQL: sql, binds: binds), as: Int64.self).first
            }
            guard let earliest = try await ids("SELECT id FROM quote WHERE \(candidate) ORDER BY created_at, id LIMIT 1"),
                  let latest = try await ids("SELECT id FROM quote WHERE \(candidate) ORDER BY created_at DESC, id DESC LIMIT 1")
            else { continue }
            let probe = "SELECT id FROM quote WHERE \(candidate) AND id = $\(cutoff == nil ? 1 : 2)"
            for id in DailyQuoteChoice.probes(day: day, in: min(earliest, latest)...max(earliest, latest)) {
                if try await ids(probe, id) != nil { return id }
            }
            return earliest
        }
        return nil
    }
}
