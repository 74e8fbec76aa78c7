
/// A tag of a quote: its interned code, and the quote's slot in that tag's list.
struct IndexTagRef {
    var code: Int32
    var slot: Int32
}

/// What the index remembers of a quote, with no allocation of its own: authors and tags as interned codes
/// (a million quotes share a few thousand names), three tags inline (more go to `State.extraTags`).
struct IndexEntry {
    static let noAuthor: Int32 = -1
    static let vacant = IndexEntry(revision: 0, author: noAuthor, spelling: noAuthor, length: -1, allSlot: -1, authorSlot: -1)

    var revision: Int64
    /// The author's key (`String.searchKey`), which filters and tallies compare.
    var author: Int32
    /// The author as written, for the authors' tallies (fits in the entry's padding).
    var spelling: Int32
    var length: Int32
    var allSlot: Int32
    var authorSlot: Int32
    var tagCount: UInt8 = 0
    var tag0 = IndexTagRef(code: 0, slot: 0), tag1 = IndexTagRef(code: 0, slot: 0), tag2 = IndexTagRef(code: 0, slot: 0)

    var isVacant: Bool { length < 0 }

    func inlineTag(_ index: Int) -> IndexTagRef {
        switch index {
        case 0: tag0
        case 1: tag1
        default: tag2
        }
    }

    mutating func setInlineTag(_ index: Int, _ ref: IndexTagRef) {
        switch index {
        case 0: tag0 = ref
        case 1: tag1 = ref
        default: tag2 = ref
        }
    }
}

/// Entries by id in chunks of 4,096 consecutive ids: ids are SQLite row ids, dense since deleted quotes
/// keep theirs, so this costs about an entry per row, without a hash table's empty slots.
struct IndexEntryTable {
    private static let chunkBits = 12
    private struct Chunk {
        var entries = [IndexEntry](repeating: .vacant, count: 1 << IndexEntryTable.chunkBits)
        var live = 0
    }

    private var chunks: [Int64: Chunk] = [:]

    private static func position(_ id: Int64) -> (chunk: Int64, offset: Int) {
        (id >> chunkBits, Int(id & ((1 << chunkBits) - 1)))
    }

    subscript(id: Int64) -> IndexEntry? {
        let (chunk, offset) = Self.position(id)
        guard let entry = chunks[chunk]?.entries[offset], !entry.isVacant else { return nil }
        return entry
    }

    mutating func insert(_ entry: IndexEntry, for id: Int64) {
        let (chunk, offset) = Self.position(id)
        chunks[chunk, default: Chunk()].entries[offset] = entry
        chunks[chunk]!.live += 1
    }

    mutating func remove(_ id: Int64) -> IndexEntry? {
        let (chunk, offset) = Self.position(id)
        guard let entry = chunks[chunk]?.entries[offset], !entry.isVacant else { return nil }
        chunks[chunk]!.entries[offset] = .vacant
        chunks[chunk]!.live -= 1
        if chunks[chunk]!.live == 0 { chunks[chunk] = nil }
        return entry
    }

    mutating func update(_ id: Int64, _ change: (inout IndexEntry) -> Void) {
        let (chunk, offset) = Self.position(id)
        change(&chunks[chunk]!.entries[offset])
    }
}

/// Names and their codes; codes are never reused, names never freed (bounded by the distinct names seen).
struct Interner {
    var codes: [String: Int32] = [:]
    var names: [String] = []

    mutating func code(_ name: String) -> Int32 {
        if let code = codes[name] { return code }
        let code = Int32(names.count)
        codes[name] = code
        names.append(name)
        return code
    }
}
