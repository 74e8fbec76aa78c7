/// A name (an author or a tag) and how many live quotes carry it.
public struct Tally: Sendable, Equatable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
