/// A name (an author or a tag) and how many live quotes carry it.
public struct Tally: Sendable, Equatable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}

extension Tally {
    /// The order every tally list is served in: by count, highest first, then by name in byte order (as SQLite's
    /// `ORDER BY count DESC, name` compares text).
    public static func ranked(_ tallies: [Tally]) -> [Tally] {
        tallies.map { (tally: $0, key: Array($0.name.utf8)) }
            .sorted { a, b in a.tally.count != b.tally.count ? a.tally.count > b.tally.count : a.key.lexicographicallyPrecedes(b.key) }
            .map(\.tally)
    }
}
