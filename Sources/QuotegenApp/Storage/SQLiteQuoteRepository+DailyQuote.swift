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
        let (chosen, isSettled) = try await pool.read { db -> (Quote?, Bool) in
            let established = try Int64.fetchAll(
                db, sql: "SELECT id FROM quote WHERE deleted_at IS NULL AND created_at < ?", arguments: [createdBefore]
            )
            if let id = DailyQuoteChoice.choose(day: day, among: established) {
                return (try QuoteQuery.fetchLive(db, id: id), true)
            }
            // A store younger than the day: choose among what there is. That choice moves as quotes arrive,
            // so it is not remembered (a fresh process would choose again, and must agree).
            let all = try Int64.fetchAll(db, sql: "SELECT id FROM quote WHERE deleted_at IS NULL")
            return (try DailyQuoteChoice.choose(day: day, among: all).flatMap { try QuoteQuery.fetchLive(db, id: $0) }, false)
        }
        if isSettled { dailyChoices[key] = chosen?.id }
        return chosen
    }
}
