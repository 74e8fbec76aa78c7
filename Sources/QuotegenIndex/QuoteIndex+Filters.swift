import QuotegenCore

/// A filter's picks and counts: which of the index's sets a filter's matches are drawn from (the smallest that
/// holds them all), and what is left to check on each drawn entry.
extension QuoteIndex {
    /// Up to `count` distinct live ids chosen uniformly among those matching the filter's authors, tags and length
    /// bounds (not its search, which the index does not hold); all matches, shuffled, when there are fewer.
    ///
    /// Samples the smallest candidate set (all quotes, the authors' lists, the rarest of all-of tags, or the
    /// any-of tags' lists) and rejects misses, so a pick costs O(1) expected whatever the store's size; only when
    /// sampling keeps missing (few matches) does it list that set's matches, a cost bounded by the set's size.
    public func randomIDs(matching filter: QuoteFilter, count: Int) -> [Int64] {
        var generator = PickGenerator()
        return state.withLock { state in
            guard let match = Self.candidates(for: filter, in: state) else { return [] }
            let candidates = match.candidates
            func listed() -> [Int64] {
                Array(candidates.allIDs(state).filter { match.admits($0, filter, state) }.shuffled(using: &generator).prefix(count))
            }
            guard candidates.total > count * 4 else { return listed() }
            var chosen: [Int64] = []
            var seen = Set<Int64>()
            // Enough draws that a filter matching one candidate in ten almost never falls back to listing
            // ((9/10)^64 ≈ 0.1%); each draw is a few lookups.
            for _ in 0..<(count * 64) where chosen.count < count {
                guard let id = candidates.randomElement(state, using: &generator), seen.insert(id).inserted else { continue }
                if match.admits(id, filter, state) { chosen.append(id) }
            }
            return chosen.count == count ? chosen : listed()
        }
    }

    /// How many live quotes match the filter's authors, tags and length bounds: a list's size when one list is
    /// exactly the filter (one author or tag, authors only), else a walk of the smallest candidate set.
    public func count(matching filter: QuoteFilter) -> Int {
        state.withLock { state in
            guard let match = Self.candidates(for: filter, in: state) else { return 0 }
            if !match.checksEntries && match.candidates.overlapping == nil { return match.candidates.total }
            return match.candidates.allIDs(state).count { match.admits($0, filter, state) }
        }
    }

    /// Where a filter's picks are drawn from, and what must still be checked on each drawn entry.
    fileprivate struct Match {
        var candidates: Candidates
        /// nil: any author (or the candidates are the authors' lists).
        var authorCodes: Set<Int32>?
        /// Checked with the filter's `tagMatch`; empty when the candidates already are exactly the tag condition.
        var tagCodes: [Int32]
        var checksEntries: Bool

        /// Whether quote `id`, drawn from the candidates, matches what they do not already guarantee.
        func admits(_ id: Int64, _ filter: QuoteFilter, _ state: State) -> Bool {
            guard checksEntries else { return true }
            guard let entry = state.entries[id] else { return false }
            if let authorCodes, !authorCodes.contains(entry.author) { return false }
            if !tagCodes.isEmpty {
                let has = { (code: Int32) in state.has(tag: code, id, entry) }
                switch filter.tagMatch {
                case .all: if !tagCodes.allSatisfy(has) { return false }
                case .any: if !tagCodes.contains(where: has) { return false }
                }
            }
            return !filter.hasLengthBounds || filter.admits(length: Int(entry.length))
        }
    }

    /// nil when the filter names an author or tag no live quote has, in a way that leaves nothing to match.
    fileprivate static func candidates(for filter: QuoteFilter, in state: State) -> Match? {
        var options: [(Candidates, byAuthor: Bool, byTag: Bool)] = [(Candidates(lists: [state.all]), false, false)]
        var authorCodes: Set<Int32>?
        if !filter.authors.isEmpty {
            // An author matches by key; distinct keys' lists are disjoint, so their union samples uniformly as is.
            let codes = filter.authorKeys.compactMap { key in state.authors.codes[key].flatMap { state.byAuthor[$0] != nil ? $0 : nil } }
            guard !codes.isEmpty else { return nil }
            authorCodes = Set(codes)
            options.append((Candidates(lists: codes.map { state.byAuthor[$0]! }), true, false))
        }
        var tagCodes: [Int32] = []
        if !filter.tags.isEmpty {
            let present = filter.tags.compactMap { tag in state.tags.codes[tag].flatMap { state.byTag[$0] != nil ? $0 : nil } }
            switch filter.tagMatch {
            case .all:
                guard present.count == filter.tags.count else { return nil }
                let rarest = present.min { state.byTag[$0]!.count < state.byTag[$1]!.count }!
                options.append((Candidates(lists: [state.byTag[rarest]!]), false, present.count == 1))
            case .any:
                guard !present.isEmpty else { return nil }
                options.append((Candidates(lists: present.map { state.byTag[$0]! }, overlapping: present), false, true))
            }
            tagCodes = present
        }
        let best = options.min { $0.0.total < $1.0.total }!
        let authorsLeft = best.byAuthor ? nil : authorCodes
        let tagsLeft = best.byTag ? [] : tagCodes
        return Match(
            candidates: best.0, authorCodes: authorsLeft, tagCodes: tagsLeft,
            checksEntries: authorsLeft != nil || !tagsLeft.isEmpty || filter.hasLengthBounds
        )
    }

    /// The union of a few id lists. Lists of distinct authors never share an id; lists of tags may (`overlapping`
    /// holds their tag codes), so an id counts only in the first list that has it: drawing a list by its size,
    /// then an id in it, and rejecting an id drawn from a later list keeps every id equally likely.
    fileprivate struct Candidates {
        let lists: [IDList]
        var overlapping: [Int32]? = nil

        var total: Int { lists.reduce(0) { $0 + $1.count } }

        func randomElement(_ state: State, using generator: inout some RandomNumberGenerator) -> Int64? {
            let total = total
            guard total > 0 else { return nil }
            var position = Int.random(in: 0..<total, using: &generator)
            var list = 0
            while position >= lists[list].count {
                position -= lists[list].count
                list += 1
            }
            let id = lists[list].ids[position]
            guard let overlapping else { return id }
            return firstList(of: id, overlapping, state) == list ? id : nil
        }

        func allIDs(_ state: State) -> [Int64] {
            guard let overlapping else { return lists.flatMap(\.ids) }
            return lists.indices.flatMap { list in lists[list].ids.filter { firstList(of: $0, overlapping, state) == list } }
        }

        private func firstList(of id: Int64, _ codes: [Int32], _ state: State) -> Int? {
            guard let entry = state.entries[id] else { return nil }
            return codes.firstIndex { state.has(tag: $0, id, entry) }
        }
    }
}
