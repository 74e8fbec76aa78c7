import GRDB
import Synchronization

/// The days' choices this process has made, so that `GET /quote/today` reads one row instead of ranking
/// every live id on each call. A cached choice is only a shortcut: it is checked to be live on every use.
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
}

extension SQLiteQuoteRepository {
    public func dailyQuote(day: String, createdBefore: String) async throws -> Quote? {
        let key = "\(day) \(createdBefore)"
        if let id = dailyChoices[key], let quote = try await quote(id: id) { return quote }
        let chosen = try await pool.read { db -> Quote? in
            let established = try Int64.fetchAll(
                db, sql: "SELECT id FROM quote WHERE deleted_at IS NULL AND created_at < ?", arguments: [createdBefore]
            )
            var id = DailyQuoteChoice.choose(day: day, among: established)
            if id == nil {
                // A store younger than the day: choose among what there is (the choice can move as quotes arrive).
                let all = try Int64.fetchAll(db, sql: "SELECT id FROM quote WHERE deleted_at IS NULL")
                id = DailyQuoteChoice.choose(day: day, among: all)
            }
            return try id.flatMap { try QuoteQuery.fetchLive(db, id: $0) }
        }
        dailyChoices[key] = chosen?.id
        return chosen
    }
}
