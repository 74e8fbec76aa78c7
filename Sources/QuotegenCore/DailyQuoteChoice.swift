/// How the quote of the day is chosen, in a number of steps that does not grow with the store: the day's hash
/// gives a fixed sequence of probes into the candidates' id range, and the first probe that lands on a candidate
/// wins (the earliest candidate if all of them miss, in a range made mostly of gaps). The probes depend only on
/// the day and the range, so every process that sees the same quotes makes the same choice; the store then keeps
/// it (`daily_choice`), so that quotes added during the day never move it. If the chosen quote is deleted, the
/// same procedure over what is left makes the next choice.
public enum DailyQuoteChoice {
    /// Probes per choice: with candidates at least a tenth of their id range, all miss about once in 700,000.
    public static let probeCount = 128

    /// The day's probes into `range`, in order.
    public static func probes(day: String, in range: ClosedRange<Int64>) -> [Int64] {
        let seed = StableHash.fnv1a(day.utf8)
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return (0..<UInt64(probeCount)).map { step in
            range.lowerBound + Int64(StableHash.splitMix64(seed &+ step) % width)
        }
    }

    /// The first of the day's probes into `range` that `isCandidate` accepts, or `fallback`.
    public static func choose(
        day: String, in range: ClosedRange<Int64>, fallback: Int64, isCandidate: (Int64) throws -> Bool
    ) rethrows -> Int64 {
        for id in probes(day: day, in: range) where try isCandidate(id) { return id }
        return fallback
    }
}
