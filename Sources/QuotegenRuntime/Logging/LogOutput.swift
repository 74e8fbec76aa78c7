import Foundation
import Synchronization
import QuotegenJSON

/// Where log lines go: standard error, through a buffer written out every 100 ms by a background thread,
/// at once for warnings and errors, and on `flush()`.
///
/// Writing each request's line with its own `write(2)` under a lock cost a third of a cheap request's time;
/// batching them does not. The price: if the process is killed, up to 100 ms of info lines can be lost
/// (never a warning or an error, which are written before `log` returns).
public final class LogOutput: Sendable {
    public static let standardError = LogOutput(fileDescriptor: STDERR_FILENO)

    private let fileDescriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    /// Held from taking the pending bytes until they are written, so that lines leave in order.
    private let writing = Mutex(())
    private static let flushThreshold = 64 * 1024

    init(fileDescriptor: Int32, interval: TimeInterval = 0.1) {
        self.fileDescriptor = fileDescriptor
        let flusher = Thread { [weak self] in
            while let output = self {
                output.flush()
                Thread.sleep(forTimeInterval: interval)
            }
        }
        flusher.name = "quotegen-log-flush"
        flusher.start()
    }

    /// Queues `line`; writes everything queued now when `urgent` or when enough has piled up.
    public func write(_ line: some Sequence<UInt8>, urgent: Bool) {
        let backlog = pending.withLock { bytes in
            bytes.append(contentsOf: line)
            return bytes.count
        }
        if urgent || backlog >= Self.flushThreshold { flush() }
    }

    /// Writes out every queued line.
    public func flush() {
        writing.withLock { _ in
            let bytes = pending.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return  // standard error is gone: nowhere left to say so
                    }
                }
            }
        }
    }
}
