@testable import QuotegenCore

extension DailyQuoteChoice {
    /// The choice the store makes when `ids` are all the candidates and were created in id order (so the earliest
    /// and latest by creation are the smallest and largest id), as in the tests' stores.
    static func choose(day: String, among ids: some Collection<Int64>) -> Int64? {
        guard let low = ids.min(), let high = ids.max() else { return nil }
        let candidates = Set(ids)
        return choose(day: day, in: low...high, fallback: low) { candidates.contains($0) }
    }
}
