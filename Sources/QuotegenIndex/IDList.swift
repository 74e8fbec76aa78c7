/// The ids of one set of quotes (all, one author's, one tag's) in an array, for uniform random picks.
/// Removal swaps the last id into the hole; the caller keeps each id's slot (in its index entry) and is
/// told which id moved, so no per-id dictionary is needed.
struct IDList: Sendable {
    private(set) var ids: [Int64] = []

    var count: Int { ids.count }
    var isEmpty: Bool { ids.isEmpty }

    /// Adds `id`, returning its slot.
    mutating func append(_ id: Int64) -> Int32 {
        ids.append(id)
        return Int32(ids.count - 1)
    }

    /// Removes the id at `slot`; returns the id now at `slot` (moved from the end), if any.
    mutating func remove(at slot: Int32) -> Int64? {
        let last = ids.removeLast()
        guard Int(slot) < ids.count else { return nil }
        ids[Int(slot)] = last
        return last
    }

    func randomElement(using generator: inout some RandomNumberGenerator) -> Int64? {
        ids.randomElement(using: &generator)
    }
}
