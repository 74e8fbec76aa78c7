/// How the quote of the day is chosen: of the candidate ids, the one with the highest score for the day
/// (rendezvous hashing). The score depends only on the day and the id, so every process and every caller
/// agrees, and if the chosen quote is deleted the next-highest takes over without any other quote moving.
public enum DailyQuoteChoice {
    /// The chosen id among `ids`, or nil when there are none.
    public static func choose(day: String, among ids: some Sequence<Int64>) -> Int64? {
        let seed = fnv1a(day)
        var best: (id: Int64, score: UInt64)?
        for id in ids {
            let score = splitMix(seed ^ UInt64(bitPattern: id))
            if best == nil || score > best!.score || (score == best!.score && id < best!.id) {
                best = (id, score)
            }
        }
        return best?.id
    }

    // Fixed, documented hash functions, not Swift's `Hasher`: its seed changes with every process.
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
