import Synchronization
import QuotegenCore

/// The live quotes' ids in memory, by author and by tag, so that a random pick never scans the table.
///
/// Memory grows with the number of quotes by a fixed-size entry and an id per set the quote is in (no texts,
/// no per-id dictionaries: each entry remembers its slots in those sets). Kept coherent by the repository
/// (its own writes, at once) and by `QuoteIndexRefresher` (every writer's, from the `change_seq` column).
public final class QuoteIndex: Sendable {
    public init() {}

    struct State {
        var entries = IndexEntryTable()
        var extraTags: [Int64: [IndexTagRef]] = [:]
        var all = IDList()
        var byAuthor: [Int32: IDList] = [:]
        var byTag: [Int32: IDList] = [:]
        var authors = Interner()
        var spellings = Interner()
        /// The author key's code of each spelling, by spelling code.
        var spellingKeys: [Int32] = []
        /// Live quotes per spelling, and the spellings seen of each author key.
        var spellingCounts: [Int32: Int] = [:]
        var keySpellings: [Int32: Set<Int32>] = [:]
        var tags = Interner()
        /// The highest `change_seq` applied; rows at or below it are already reflected.
        var appliedChangeSeq: Int64 = 0
        var isLoaded = false
        /// Set by the first refresh: from then on the store's own writes are applied at once.
        var isTracking = false
        /// Counts the applied batches, so that a result computed from the state can say which state it reflects.
        var version: UInt64 = 0

        func tagRefs(_ id: Int64, _ entry: IndexEntry) -> [IndexTagRef] {
            (0..<Int(entry.tagCount)).map(entry.inlineTag) + (extraTags[id] ?? [])
        }

        /// Whether quote `id` has the tag: its entry's inline tags first, without building a list (picks check
        /// many entries).
        func has(tag code: Int32, _ id: Int64, _ entry: IndexEntry) -> Bool {
            for index in 0..<Int(entry.tagCount) where entry.inlineTag(index).code == code { return true }
            return entry.tagCount == 3 && extraTags[id]?.contains { $0.code == code } == true
        }
    }

    let state = Mutex(State())

    /// The last ranked tallies and the state version they were made from: ranking thousands of names costs
    /// milliseconds, so it is done once per change, outside the state's lock, not once per request.
    private let rankedAuthors = Mutex<(version: UInt64, tallies: [Tally])?>(nil)
    private let rankedTags = Mutex<(version: UInt64, tallies: [Tally])?>(nil)

    /// Whether the first full load has been applied; until then readers fall back to SQL.
    public var isLoaded: Bool { state.withLock { $0.isLoaded } }

    /// The highest change number applied from the feed: every change up to it is in the index.
    public var appliedChangeSeq: Int64 { state.withLock { $0.appliedChangeSeq } }

    /// Whether a refresher keeps this index (see `refresh(from:)`); a store's writes are applied only then.
    public var isTracking: Bool { state.withLock { $0.isTracking } }

    func startTracking() { state.withLock { $0.isTracking = true } }

    public var count: Int { state.withLock { $0.all.count } }

    /// Applies changed rows: a live quote is (re)indexed, a deleted one (nil) removed.
    public func apply(_ changes: [(id: Int64, quote: QuoteSummary?)], upTo changeSeq: Int64? = nil, markLoaded: Bool = false) {
        state.withLock { state in
            for change in changes {
                Self.remove(change.id, from: &state)
                if let quote = change.quote { Self.insert(quote, into: &state) }
            }
            if let changeSeq { state.appliedChangeSeq = max(state.appliedChangeSeq, changeSeq) }
            if markLoaded { state.isLoaded = true }
            if !changes.isEmpty { state.version &+= 1 }
        }
    }

    /// The tags of quote `id` in their order, if the index holds exactly `revision` of it.
    public func tags(of id: Int64, atRevision revision: Int64) -> [String]? {
        state.withLock { state in
            guard let entry = state.entries[id], entry.revision == revision else { return nil }
            return state.tagRefs(id, entry).map { state.tags.names[Int($0.code)] }
        }
    }

    /// Each author (spellings that differ only in case or accents are one) with its live quotes, shown with the
    /// spelling that sorts first (by bytes, as SQLite's min() does), in `Tally.ranked` order. Costs the number of
    /// authors once per change, and nothing more until the next one.
    public func authorTallies() -> [Tally] {
        Self.ranked(cache: rankedAuthors, version: state.withLock { $0.version }) {
            state.withLock { state in
                (state.version, state.byAuthor.map { code, list in
                    let name = state.keySpellings[code]!.map { state.spellings.names[Int($0)] }
                        .min { $0.utf8.lexicographicallyPrecedes($1.utf8) }!
                    return Tally(name: name, count: list.count)
                })
            }
        }
    }

    /// Each tag with its live quotes, in `Tally.ranked` order.
    public func tagTallies() -> [Tally] {
        Self.ranked(cache: rankedTags, version: state.withLock { $0.version }) {
            state.withLock { state in
                (state.version, state.byTag.map { code, list in Tally(name: state.tags.names[Int(code)], count: list.count) })
            }
        }
    }

    private static func ranked(
        cache: borrowing Mutex<(version: UInt64, tallies: [Tally])?>, version: UInt64,
        snapshot: () -> (version: UInt64, tallies: [Tally])
    ) -> [Tally] {
        if let cached = cache.withLock({ $0 }), cached.version == version { return cached.tallies }
        let (version, tallies) = snapshot()
        let ranked = Tally.ranked(tallies)
        cache.withLock { current in
            if (current?.version ?? 0) <= version { current = (version, ranked) }
        }
        return ranked
    }

    private static func insert(_ quote: QuoteSummary, into state: inout State) {
        let id = quote.id
        var author = IndexEntry.noAuthor
        var spelling = IndexEntry.noAuthor
        if let name = quote.author {
            spelling = state.spellings.code(name)
            // A spelling's key is computed once (folding accents costs microseconds; a million quotes share a
            // few thousand spellings).
            if Int(spelling) == state.spellingKeys.count { state.spellingKeys.append(state.authors.code(name.searchKey)) }
            author = state.spellingKeys[Int(spelling)]
        }
        var entry = IndexEntry(
            revision: quote.revision, author: author, spelling: spelling, length: Int32(clamping: quote.length),
            allSlot: state.all.append(id), authorSlot: -1
        )
        if author != IndexEntry.noAuthor {
            entry.authorSlot = state.byAuthor[author, default: IDList()].append(id)
            state.spellingCounts[spelling, default: 0] += 1
            state.keySpellings[author, default: []].insert(spelling)
        }
        let refs = quote.tags.map { name in
            let code = state.tags.code(name)
            return IndexTagRef(code: code, slot: state.byTag[code, default: IDList()].append(id))
        }
        entry.tagCount = UInt8(min(refs.count, 3))
        for (index, ref) in refs.prefix(3).enumerated() { entry.setInlineTag(index, ref) }
        if refs.count > 3 { state.extraTags[id] = Array(refs[3...]) }
        state.entries.insert(entry, for: id)
    }

    private static func remove(_ id: Int64, from state: inout State) {
        guard let entry = state.entries.remove(id) else { return }
        let refs = state.tagRefs(id, entry)
        state.extraTags[id] = nil
        if let moved = state.all.remove(at: entry.allSlot) {
            state.entries.update(moved) { $0.allSlot = entry.allSlot }
        }
        if entry.author != IndexEntry.noAuthor {
            if let moved = state.byAuthor[entry.author]!.remove(at: entry.authorSlot) {
                state.entries.update(moved) { $0.authorSlot = entry.authorSlot }
            }
            if state.byAuthor[entry.author]!.isEmpty { state.byAuthor[entry.author] = nil }
            state.spellingCounts[entry.spelling]! -= 1
            if state.spellingCounts[entry.spelling] == 0 {
                state.spellingCounts[entry.spelling] = nil
                state.keySpellings[entry.author]!.remove(entry.spelling)
                if state.keySpellings[entry.author]!.isEmpty { state.keySpellings[entry.author] = nil }
            }
        }
        for ref in refs {
            // The id that moved into the hole was the list's last: its ref to this tag names the old last slot.
            let lastSlot = Int32(state.byTag[ref.code]!.count - 1)
            if let moved = state.byTag[ref.code]!.remove(at: ref.slot) {
                retarget(moved, tag: ref.code, from: lastSlot, to: ref.slot, in: &state)
            }
            if state.byTag[ref.code]!.isEmpty { state.byTag[ref.code] = nil }
        }
    }

    private static func retarget(_ id: Int64, tag code: Int32, from old: Int32, to new: Int32, in state: inout State) {
        var done = false
        state.entries.update(id) { entry in
            for index in 0..<Int(entry.tagCount) where entry.inlineTag(index).code == code && entry.inlineTag(index).slot == old {
                entry.setInlineTag(index, IndexTagRef(code: code, slot: new))
                done = true
            }
        }
        if !done, let position = state.extraTags[id]?.firstIndex(where: { $0.code == code && $0.slot == old }) {
            state.extraTags[id]![position].slot = new
        }
    }
}
