import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basics plus the client's address, which the admin
/// API's brute-force limiter keys on.
public struct QuotegenRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The name of the admin token that opened this request (`AdminAuthMiddleware`); what history records as
    /// the actor. Nil on public routes.
    public var admin: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address (without the port), or "unknown" (in-process tests have none).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
