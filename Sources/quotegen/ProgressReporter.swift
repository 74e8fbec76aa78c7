import Foundation
import Synchronization
import QuotegenRuntime

/// Progress of a long command on standard error: a bar redrawn in place with rate and ETA on a terminal,
/// plain periodic lines otherwise (logs, pipes, CI).
final class ProgressReporter: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var drewBar = false
    }

    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let start = ContinuousClock.now
    private let state = Mutex(State())

    init(label: String) {
        self.label = label
    }

    @Sendable func update(done: Int, total: Int) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(2)
            if let last = state.lastDraw, now - last < interval, done < total { return nil }
            state.lastDraw = now
            state.drewBar = isTerminal
            return render(done: done, total: total, elapsed: now - start)
        }
        guard let line else { return }
        FileHandle.standardError.write(Data((isTerminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }

    /// Ends the bar's line, so that what follows starts on a line of its own.
    func finish() {
        if state.withLock({ $0.drewBar }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func render(done: Int, total: Int, elapsed: Duration) -> String {
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
        let rate = Double(done) / seconds
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let eta = rate > 0 ? Int((Double(total - done) / rate).rounded(.up)) : 0
        let figures = "\(done)/\(total) (\(Int(fraction * 100))%) · \(Int(rate))/s · ETA \(eta)s"
        guard isTerminal else { return "\(label): \(figures)" }
        let width = 30
        let filled = Int(fraction * Double(width))
        return "\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(figures)"
    }
}
