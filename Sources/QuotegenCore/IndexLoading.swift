/// The in-memory index has not finished its first load: reads are answered (more slowly) and `/readyz` says 503,
/// so a load balancer sends traffic elsewhere until this replica serves at full speed.
public struct IndexLoading: Error, CustomStringConvertible {
    public init() {}

    public var description: String { "the quote index is still loading; reads are answered meanwhile, more slowly" }
}
