/// How the quote of the day is chosen: of the candidate ids, the one with the highest score for the day
/// (rendezvous hashing). The score depends only on the day and the id, so every process and every caller
/// agrees, and if the chosen quote is deleted the next-highest takes over without any other quote moving.
public enum DailyQuoteChoice {
    /// The chosen id among `ids`, or nil when there are none.
    public static func choose(day: String, among ids: some Sequence<Int64>) -> Int64? {
        let seed = StableHash.fnv1a(day.utf8)
        var best: (id: Int64, score: UInt64)?
        for id in ids {
            let score = StableHash.splitMix64(seed ^ UInt64(bitPattern: id))
            if best == nil || score > best!.score || (score == best!.score && id < best!.id) {
                best = (id, score)
            }
        }
        return best?.id
    }
}
