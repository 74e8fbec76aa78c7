import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import QuotegenJSON
import QuotegenRuntime

/// The one timer of a connection, and the phase that sets it: a connection waits for a request head at most
/// `headerTimeout` (from its opening, or from the first byte of its next request), for a body at most
/// `bodyTimeout` after the head, and between requests at most `idleTimeout`. It is closed when the phase's
/// time runs out. While a request is being answered there is no limit: that is the handler's time.
///
/// Lives on the connection's event loop; `ConnectionGuardHandler` and `RequestProgressHandler` report to it.
final class RequestDeadlines {
    enum Phase: String {
        case readingHead = "request head"
        case readingBody = "request body"
        case answering
        case idle = "next request"
    }

    private let settings: ConnectionSettings
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var phase = Phase.readingHead
    private var phaseStart = NIODeadline.now()
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// Requests whose head arrived and whose answer is not finished (more than one when pipelined).
    private var unanswered = 0
    private var bodyPending = false

    init(settings: ConnectionSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    func start(context: ChannelHandlerContext) {
        self.context = context
        enter(.readingHead)
    }

    func stop() {
        timer?.cancel()
        timer = nil
        context = nil
    }

    func bytesArrived() {
        if phase == .idle { enter(.readingHead) }
    }

    func headArrived() {
        unanswered += 1
        bodyPending = true
        enter(.readingBody)
    }

    func requestEnded() {
        bodyPending = false
        if phase == .readingBody { enter(.answering) }
    }

    func answerEnded() {
        unanswered = max(0, unanswered - 1)
        // An answer sent before its body was read (a 413, a 401) leaves the body's deadline as it was.
        if bodyPending { return }
        enter(unanswered > 0 ? .answering : .idle)
    }

    private func timeout(_ phase: Phase) -> Duration? {
        switch phase {
        case .readingHead: settings.headerTimeout
        case .readingBody: settings.bodyTimeout
        case .answering: nil
        case .idle: settings.idleTimeout
        }
    }

    private func enter(_ next: Phase) {
        phase = next
        phaseStart = .now()
        guard let timeout = timeout(next) else { return }
        let deadline = phaseStart + TimeAmount(timeout)
        // One timer at a time: a later deadline is checked when the earlier one fires.
        if let timerDeadline, timerDeadline <= deadline, timer != nil { return }
        schedule(at: deadline)
    }

    private func schedule(at deadline: NIODeadline) {
        guard let context else { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            timerDeadline = nil
            expire()
        }
    }

    private func expire() {
        guard let context, let timeout = timeout(phase) else { return }
        let deadline = phaseStart + TimeAmount(timeout)
        guard NIODeadline.now() >= deadline else { return schedule(at: deadline) }
        logger.debug(
            "connection closed: timed out",
            metadata: ["waiting_for": "\(phase.rawValue)", "timeout": "\(timeout)"]
        )
        self.context = nil
        context.close(promise: nil)
    }
}

/// Tells `RequestDeadlines` where each request is: head read, body read, answer written.
final class RequestProgressHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let deadlines: RequestDeadlines

    init(deadlines: RequestDeadlines) {
        self.deadlines = deadlines
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: deadlines.headArrived()
        case .body: break
        case .end: deadlines.requestEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { deadlines.answerEnded() }
        context.write(data, promise: promise)
    }
}
