import Logging
import NIOCore
import NIOHTTP1
import QuotegenJSON
import QuotegenRuntime

/// Sits between NIO's HTTP/1 parser and the conversion to HTTP types, where the protocol version and parser
/// errors are still visible:
/// - a request that does not keep the connection alive (HTTP/1.0 without `Connection: keep-alive`, or any
///   `Connection: close` however spelled) is marked `Connection: close`, so the connection is closed after its
///   answer, which says so too;
/// - a request the parser rejects before it reaches a handler (an oversized URL or header block, two
///   Content-Lengths, Content-Length with Transfer-Encoding) is answered 400 with problem details and logged once.
///   Errors in the middle of a body go on to the handler reading it, which answers them (`ProblemMiddleware`).
final class HTTP1RequestHeadHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let logger: Logger
    /// Requests whose head was passed on and whose answer is not finished.
    private var unanswered = 0
    private var closeAfterAnswer = false
    private var rejected = false

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        unanswered += 1
        if !head.isKeepAlive {
            closeAfterAnswer = true
            head.headers.replaceOrAdd(name: "connection", value: "close")
            return context.fireChannelRead(wrapInboundOut(.head(head)))
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where closeAfterAnswer:
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            unanswered = max(0, unanswered - 1)
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, unanswered == 0 else {
            return context.fireErrorCaught(error)
        }
        guard !rejected else { return }
        rejected = true
        let detail = Self.detail(parserError)
        logger.info(
            "request rejected by the HTTP parser",
            metadata: ["client": "\(context.remoteAddress?.ipAddress ?? "unknown")", "reason": "\(detail)"]
        )
        let body = ByteBuffer(bytes: JSONWriter.bytes(of: Problem(.badRequest, detail)))
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/problem+json")
        headers.add(name: "content-length", value: "\(body.readableBytes)")
        headers.add(name: "x-content-type-options", value: "nosniff")
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    static func detail(_ error: HTTPParserError) -> String {
        switch error {
        case .headerOverflow: "the request line or headers are too large (the limit is 80 KiB)"
        case .unexpectedContentLength, .invalidContentLength: "the request's Content-Length is invalid, repeated, or sent with Transfer-Encoding"
        case .invalidChunkSize: "the request body's chunk sizes are invalid"
        case .invalidEOFState, .closedConnection: "the connection closed before the whole request arrived"
        case .invalidURL: "the request's URL is invalid"
        default: "the request is not valid HTTP/1.1 (\(error))"
        }
    }
}
