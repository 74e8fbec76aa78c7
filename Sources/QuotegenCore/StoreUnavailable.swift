/// The database server could not be reached or did not answer in time (PostgreSQL down, restarting, or
/// unreachable): nothing was changed, and the same request may succeed once it is back (HTTP 503).
public struct StoreUnavailable: Error, CustomStringConvertible, Equatable {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "the database is unavailable (\(reason)); nothing was changed, try again shortly" }
}
