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
    /// What the index remembers of a quote, compactly: authors and tags as interned codes (a million quotes
    /// share a few thousand names), up to three tags inline, so an entry needs no allocation of its own.
    private struct Entry {
        static let noAuthor: Int32 = -1
        var author: Int32
        var length: Int32
        var tagCount: UInt8
        var tag0: Int32 = 0, tag1: Int32 = 0, tag2: Int32 = 0
        var moreTags: [Int32] = []

        var tags: [Int32] {
            var tags: [Int32] = []
            tags.reserveCapacity(Int(tagCount))
            for (index, code) in [tag0, tag1, tag2].enumerated() where index < Int(tagCount) { tags.append(code) }
            return tags + moreTags
        }
    }

    /// Names and their codes; codes are never reused, names never freed (bounded by the distinct names seen).
    private struct Interner {
        var codes: [String: Int32] = [:]

        mutating func code(_ name: String) -> Int32 {
            if let code = codes[name] { return code }
            let code = Int32(codes.count)
            codes[name] = code
            return code
        }
    }

    private struct State {
        var all = IDSet()
        var byAuthor: [Int32: IDSet] = [:]
        var byTag: [Int32: IDSet] = [:]
        var entries: [Int64: Entry] = [:]
        var authors = Interner()
        var tags = Interner()
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
        var generator = PickGenerator()
        return state.withLock { state in
            let byAuthor = authorKey.map { key in state.authors.codes[key].flatMap { state.byAuthor[$0] } ?? IDSet() }
            let byTag = tag.map { key in state.tags.codes[key].flatMap { state.byTag[$0] } ?? IDSet() }
            let sets = [byAuthor, byTag].compactMap { $0 }
            let candidates = sets.min { $0.count < $1.count } ?? state.all
            let others = sets.count == 2 ? [byAuthor!.count <= byTag!.count ? byTag! : byAuthor!] : []
            func matches(_ id: Int64) -> Bool {
                others.allSatisfy { $0.contains(id) }
                    && (!filter.hasLengthBounds || filter.admits(length: Int(state.entries[id]?.length ?? 0)))
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
        let author = quote.authorKey.map { state.authors.code($0) } ?? Entry.noAuthor
        let tags = quote.tags.map { state.tags.code($0) }
        var entry = Entry(author: author, length: Int32(clamping: quote.length), tagCount: UInt8(min(tags.count, 3)))
        if tags.count > 0 { entry.tag0 = tags[0] }
        if tags.count > 1 { entry.tag1 = tags[1] }
        if tags.count > 2 { entry.tag2 = tags[2] }
        if tags.count > 3 { entry.moreTags = Array(tags[3...]) }
        state.entries[quote.id] = entry
        state.all.insert(quote.id)
        if author != Entry.noAuthor { state.byAuthor[author, default: IDSet()].insert(quote.id) }
        for tag in tags { state.byTag[tag, default: IDSet()].insert(quote.id) }
    }

    private static func remove(_ id: Int64, from state: inout State) {
        guard let old = state.entries.removeValue(forKey: id) else { return }
        state.all.remove(id)
        if old.author != Entry.noAuthor {
            state.byAuthor[old.author]?.remove(id)
            if state.byAuthor[old.author]?.isEmpty == true { state.byAuthor[old.author] = nil }
        }
        for tag in old.tags {
            state.byTag[tag]?.remove(id)
            if state.byTag[tag]?.isEmpty == true { state.byTag[tag] = nil }
        }
    }
}
