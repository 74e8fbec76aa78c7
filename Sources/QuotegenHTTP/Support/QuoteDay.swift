import Foundation

/// The calendar day a `GET /quote/today` falls on, in the caller's time zone (UTC by default).
struct QuoteDay: Equatable {
    /// `YYYY-MM-DD` in `timeZone`.
    let name: String
    /// Seconds until the next midnight in `timeZone`, at least 1.
    let secondsLeft: Int
    /// Quotes created before this instant are the day's candidates: the first moment anywhere on Earth
    /// (UTC+14) that the date `name` begins, so callers in every zone agree on the same date's quote.
    let candidatesCreatedBefore: Date

    /// The earliest zone offset in use (Line Islands, UTC+14).
    private static let earliestOffset: TimeInterval = 14 * 3600

    init(at instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        name = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let start = calendar.startOfDay(for: instant)
        let next = calendar.date(byAdding: .day, value: 1, to: start)!
        secondsLeft = max(1, Int(next.timeIntervalSince(instant).rounded(.up)))
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let utcMidnight = utc.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day))!
        candidatesCreatedBefore = utcMidnight.addingTimeInterval(-Self.earliestOffset)
    }

    /// The zone named by `tz` (an IANA name such as `Europe/Paris`), UTC when absent.
    static func timeZone(named name: String?) throws -> TimeZone {
        guard let name else { return .gmt }
        // Foundation also accepts abbreviations such as "EST" and offsets such as "GMT+1"; the API promises
        // IANA names, which always contain a '/' except for UTC and its aliases.
        guard name.contains("/") || ["UTC", "GMT", "Etc/UTC"].contains(name), let zone = TimeZone(identifier: name) else {
            throw Problem(.badRequest, "tz must be an IANA time zone name such as Europe/Paris or UTC; got '\(name)'")
        }
        return zone
    }
}
