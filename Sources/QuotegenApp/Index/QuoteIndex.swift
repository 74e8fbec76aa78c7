import Synchronization

/// What the index keeps of one live quote: enough to answer `GET /quote`'s filters, never its text.
struct IndexedQuote: Sendable, Equatable {
    let id: Int64
    /// The author, lower-cased as the filter compares it; nil when there is none.
    let authorKey: String?
    let tags: [String]
    /// The text's length in code points, for the length filters.
    let length: Int
}

/// The live quotes' ids in memory, by author and by tag, so that a random pick never scans the table.
///
/// Memory grows with the number of quotes by ids and the keys that point at them only (no texts).
/// Kept coherent by the repository (its own writes, at once) and by `QuoteIndexRefresher`
/// (every writer's, from the `change_seq` column).
final class QuoteIndex: Sendable {
    private struct State {
        var all = IDSet()
        var byAuthor: [String: IDSet] = [:]
        var byTag: [String: IDSet] = [:]
        var entries: [Int64: IndexedQuote] = [:]
        /// The highest `change_seq` applied; rows at or below it are already reflected.
        var appliedChangeSeq: Int64 = 0
        var isLoaded = false
    }

    private let state = Mutex(State())

    /// Whether the first full load has been applied; until then readers fall back to SQL.
    var isLoaded: Bool { state.withLock { $0.isLoaded } }

    var appliedChangeSeq: Int64 { state.withLock { $0.appliedChangeSeq } }

    var count: Int { state.withLock { $0.all.count } }

    /// Applies changed rows: a live quote is (re)indexed, a deleted one (nil) removed.
    func apply(_ changes: [(id: Int64, quote: IndexedQuote?)], upTo changeSeq: Int64? = nil, markLoaded: Bool = false) {
        state.withLock { state in
            for change in changes {
                Self.remove(change.id, from: &state)
                if let quote = change.quote { Self.insert(quote, into: &state) }
            }
            if let changeSeq { state.appliedChangeSeq = max(state.appliedChangeSeq, changeSeq) }
            if markLoaded { state.isLoaded = true }
        }
    }

    /// Up to `count` distinct live ids chosen uniformly among those matching `authorKey` (lower-cased), `tag` and
    /// the filter's length bounds; all matches, shuffled, when there are fewer.
    ///
    /// Samples the smallest candidate set and rejects misses; only when sampling keeps missing (few matches)
    /// does it list that set's matches, a cost bounded by the set's size.
    func randomIDs(authorKey: String?, tag: String?, filter: QuoteFilter, count: Int) -> [Int64] {
        var generator = SystemRandomNumberGenerator()
        return state.withLock { state in
            let byAuthor = authorKey.map { state.byAuthor[$0] ?? IDSet() }
            let byTag = tag.map { state.byTag[$0] ?? IDSet() }
            let sets = [byAuthor, byTag].compactMap { $0 }
            let candidates = sets.min { $0.count < $1.count } ?? state.all
            let others = sets.count == 2 ? [byAuthor!.count <= byTag!.count ? byTag! : byAuthor!] : []
            func matches(_ id: Int64) -> Bool {
                others.allSatisfy { $0.contains(id) }
                    && (!filter.hasLengthBounds || filter.admits(length: state.entries[id]?.length ?? 0))
            }
            guard candidates.count > count * 4 else {
                return Array(candidates.ids.filter(matches).shuffled(using: &generator).prefix(count))
            }
            var chosen: [Int64] = []
            var seen = Set<Int64>()
            for _ in 0..<(count * 16) where chosen.count < count {
                guard let id = candidates.randomElement(using: &generator), seen.insert(id).inserted else { continue }
                if matches(id) { chosen.append(id) }
            }
            if chosen.count == count { return chosen }
            return Array(candidates.ids.filter(matches).shuffled(using: &generator).prefix(count))
        }
    }

    private static func insert(_ quote: IndexedQuote, into state: inout State) {
        state.entries[quote.id] = quote
        state.all.insert(quote.id)
        if let author = quote.authorKey { state.byAuthor[author, default: IDSet()].insert(quote.id) }
        for tag in quote.tags { state.byTag[tag, default: IDSet()].insert(quote.id) }
    }

    private static func remove(_ id: Int64, from state: inout State) {
        guard let old = state.entries.removeValue(forKey: id) else { return }
        state.all.remove(id)
        if let author = old.authorKey {
            state.byAuthor[author]?.remove(id)
            if state.byAuthor[author]?.isEmpty == true { state.byAuthor[author] = nil }
        }
        for tag in old.tags {
            state.byTag[tag]?.remove(id)
            if state.byTag[tag]?.isEmpty == true { state.byTag[tag] = nil }
        }
    }
}
