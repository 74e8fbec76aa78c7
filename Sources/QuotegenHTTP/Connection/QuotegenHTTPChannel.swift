import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 channel with what a server facing the open network needs around it: a cap on open
/// connections (`ConnectionGuardHandler`), header, body and keep-alive timeouts (`RequestDeadlines`), and
/// HTTP/1 details the stack leaves out (`HTTP1RequestHeadHandler`): closing after an HTTP/1.0 answer, and
/// problem details for requests the parser rejects.
public struct QuotegenHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    public typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let counter: ConnectionCounter
    let settings: ConnectionSettings

    public var responder: Responder { http1.responder }

    public static func builder(settings: ConnectionSettings) -> HTTPServerBuilder {
        let counter = ConnectionCounter()
        return HTTPServerBuilder { responder in
            QuotegenHTTPChannel(http1: HTTP1Channel(responder: responder), counter: counter, settings: settings)
        }
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let deadlines = RequestDeadlines(settings: settings, logger: logger)
        do {
            // First in the pipeline: it sees raw bytes, and can refuse a connection before any parsing.
            try channel.pipeline.syncOperations.addHandler(
                ConnectionGuardHandler(counter: counter, maxConnections: settings.maxConnections, deadlines: deadlines, logger: logger)
            )
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let codec = try operations.handler(type: HTTP1ToHTTPServerCodec.self)
            try operations.addHandler(HTTP1RequestHeadHandler(logger: logger), position: .before(codec))
            try operations.addHandler(RequestProgressHandler(deadlines: deadlines), position: .after(codec))
            return value
        }
    }

    public func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
