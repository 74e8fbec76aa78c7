import ServiceLifecycle

/// A loop's reasons to run again before its next tick: `wake()` from anyone (a notification that something
/// changed), coalesced, so that a burst of wake-ups while the loop is busy makes one more run, not a queue.
public struct WakeUps: Sendable {
    let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func wake() {
        continuation.yield()
    }
}

/// Runs `tick` every `interval`, and also as soon as `wakeUps` is woken but never sooner than `spacing` after the
/// last tick ended (under a stream of wake-ups, such as a replica's own writes notified back to it, ticks stay
/// bounded), until the task is cancelled or a graceful shutdown begins (a tick under way finishes first). One
/// loop only may wait on a given `WakeUps`.
public func poll(every interval: Duration, orWhen wakeUps: WakeUps, spacing: Duration = .milliseconds(20), _ tick: () async -> Void) async {
    await withDiscardingTaskGroup { group in
        group.addTask {
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: interval)) != nil else { return }
                wakeUps.wake()
            }
        }
        await withGracefulShutdownHandler {
            for await _ in wakeUps.stream {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                await tick()
                try? await Task.sleep(for: spacing)
            }
        } onGracefulShutdown: {
            wakeUps.wake()   // the loop sees the shutdown at its next wake-up, which is now
        }
        group.cancelAll()
    }
}
