import Foundation
import Synchronization

/// Counts failed admin authentications per client address in fixed windows: once an address has failed
/// `maxFailures` times within `window` of its first failure, it is refused until that window ends.
///
/// Memory is bounded by `capacity` addresses whatever the number that try: when full, expired windows are
/// dropped first, then the oldest one.
final class FailedAuthLimiter: Sendable {
    private struct Window {
        var start: Date
        var failures: Int
    }

    let maxFailures: Int
    let window: TimeInterval
    let capacity: Int
    private let now: @Sendable () -> Date
    private let windows = Mutex<[String: Window]>([:])

    init(maxFailures: Int = 10, window: TimeInterval = 60, capacity: Int = 10_000, now: @escaping @Sendable () -> Date) {
        self.maxFailures = maxFailures
        self.window = window
        self.capacity = capacity
        self.now = now
    }

    /// Whole seconds until `address` may try again, or nil if it may try now.
    func retryAfter(_ address: String) -> Int? {
        let now = now()
        return windows.withLock { windows in
            guard let entry = windows[address], entry.failures >= maxFailures else { return nil }
            let remaining = entry.start.addingTimeInterval(window).timeIntervalSince(now)
            return remaining > 0 ? max(1, Int(remaining.rounded(.up))) : nil
        }
    }

    func recordFailure(_ address: String) {
        let now = now()
        windows.withLock { windows in
            if var entry = windows[address], now.timeIntervalSince(entry.start) < window {
                entry.failures += 1
                windows[address] = entry
                return
            }
            if windows[address] == nil, windows.count >= capacity { evict(from: &windows, now: now) }
            windows[address] = Window(start: now, failures: 1)
        }
    }

    /// How many addresses it remembers (for tests of the bound).
    var trackedAddresses: Int { windows.withLock { $0.count } }

    private func evict(from windows: inout [String: Window], now: Date) {
        windows = windows.filter { now.timeIntervalSince($0.value.start) < window }
        if windows.count >= capacity, let oldest = windows.min(by: { $0.value.start < $1.value.start })?.key {
            windows[oldest] = nil
        }
    }
}
