import ServiceLifecycle

/// Runs `tick` every `interval` until the task is cancelled or a graceful shutdown begins.
public func poll(every interval: Duration, _ tick: () async -> Void) async {
    while !Task.isCancelled {
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        } catch {
            return  // shutting down
        }
        await tick()
    }
}
