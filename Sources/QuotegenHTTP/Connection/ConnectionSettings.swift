/// How the server treats connections: how many it keeps open, and how long it waits for a client.
/// Each is a `QUOTEGEN_*` variable (seconds may have decimals); see the README's settings table.
public struct ConnectionSettings: Sendable, Equatable {
    /// Open connections beyond this are answered 503 and closed at once, so a flood of idle sockets can never
    /// take the descriptors that other clients and the database need.
    public var maxConnections = 4096
    /// From a connection's first byte of a request (or its opening) until the whole request head has arrived.
    public var headerTimeout: Duration = .seconds(10)
    /// From the request head until the whole body has arrived.
    public var bodyTimeout: Duration = .seconds(30)
    /// How long a kept-alive connection may wait for its next request, sending nothing.
    public var idleTimeout: Duration = .seconds(60)

    public init() {}
}
