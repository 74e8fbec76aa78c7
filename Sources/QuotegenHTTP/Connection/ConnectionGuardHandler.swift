import Logging
import NIOCore
import Synchronization

/// How many connections a server has open, across its event loops.
final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)
    private let refusalLoggedAt = Atomic<Int64>(-1)

    /// Counts a new connection; returns how many are open with it.
    func opened() -> Int { open.wrappingAdd(1, ordering: .relaxed).newValue }
    func closed() { open.wrappingSubtract(1, ordering: .relaxed) }
    var count: Int { open.load(ordering: .relaxed) }

    /// True at most once a second: a flood of refused connections is logged, not echoed line for line.
    func shouldLogRefusal() -> Bool {
        let second = NIODeadline.now().uptimeNanoseconds / 1_000_000_000
        let last = refusalLoggedAt.load(ordering: .relaxed)
        guard Int64(second) != last else { return false }
        return refusalLoggedAt.compareExchange(expected: last, desired: Int64(second), ordering: .relaxed).exchanged
    }
}

/// The first handler of every connection. Past `maxConnections` open ones it answers 503 and closes at once,
/// without parsing anything: the accept loop never stops, and sockets that send nothing cannot use up the
/// descriptors. It also tells the connection's `RequestDeadlines` when bytes of a new request arrive.
final class ConnectionGuardHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let counter: ConnectionCounter
    private let maxConnections: Int
    private let deadlines: RequestDeadlines
    private let logger: Logger
    private var counted = false
    private var refused = false

    init(counter: ConnectionCounter, maxConnections: Int, deadlines: RequestDeadlines, logger: Logger) {
        self.counter = counter
        self.maxConnections = maxConnections
        self.deadlines = deadlines
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
    }

    /// The connection is over: its timer stops and it no longer counts, once.
    private func finish() {
        deadlines.stop()
        if counted {
            counted = false
            counter.closed()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        deadlines.bytesArrived()
        context.fireChannelRead(data)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        counted = true
        let open = counter.opened()
        guard open <= maxConnections else {
            refused = true
            if counter.shouldLogRefusal() { logger.warning(
                "connection refused: too many open connections",
                metadata: ["open": "\(open - 1)", "max_connections": "\(maxConnections)"]
            ) }
            context.writeAndFlush(wrapOutboundOut(Self.refusal), promise: nil)
            context.close(promise: nil)
            return
        }
        deadlines.start(context: context)
    }

    private static let refusal: ByteBuffer = {
        let body = #"{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the server has too many open connections; try again shortly"}"#
        return ByteBuffer(string:
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Retry-After: 1\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n\(body)")
    }()
}
