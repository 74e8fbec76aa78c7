/// A set of quote ids with O(1) insert, remove and uniform random pick: the ids in an array, and
/// each id's slot in it, so that removing swaps the last id into the hole.
struct IDSet: Sendable {
    private(set) var ids: [Int64] = []
    private var slots: [Int64: Int] = [:]

    var count: Int { ids.count }
    var isEmpty: Bool { ids.isEmpty }

    func contains(_ id: Int64) -> Bool { slots[id] != nil }

    mutating func insert(_ id: Int64) {
        guard slots[id] == nil else { return }
        slots[id] = ids.count
        ids.append(id)
    }

    mutating func remove(_ id: Int64) {
        guard let slot = slots.removeValue(forKey: id) else { return }
        let last = ids.removeLast()
        if last != id {
            ids[slot] = last
            slots[last] = slot
        }
    }

    func randomElement(using generator: inout some RandomNumberGenerator) -> Int64? {
        ids.randomElement(using: &generator)
    }
}
