import Logging
import QuotegenCore
import QuotegenHTTP
import QuotegenRuntime
import ServiceLifecycle

/// Keeps a server's `AdminTokenRegistry` in step with the store: re-reads the tokens not revoked every `interval`
/// (a revocation reaches every server on the store within it), and writes when named tokens were last used. While
/// the store cannot be read, the tokens last read keep working; the failure is logged once until it recovers.
public struct AdminTokenRefresher: Service {
    public static let interval: Duration = .milliseconds(500)

    let store: any AdminTokenStore
    let registry: AdminTokenRegistry
    let interval: Duration
    let logger: Logger

    public init(store: any AdminTokenStore, registry: AdminTokenRegistry, interval: Duration = Self.interval, logger: Logger) {
        (self.store, self.registry, self.interval, self.logger) = (store, registry, interval, logger)
    }

    /// Reads the tokens once: before serving, so that a named token works from the first request.
    public func load() async throws {
        registry.replace(with: try await store.activeAdminTokens())
    }

    /// One beat of the loop: writes when tokens were last used, then reads the tokens again.
    public func refresh() async throws {
        try await store.recordAdminTokenUse(registry.takeUses())
        try await load()
    }

    public func run() async throws {
        var failing = false
        await poll(every: interval) {
            do {
                try await refresh()
                if failing { logger.info("admin tokens read again") }
                failing = false
            } catch {
                if !failing { logger.warning("admin tokens could not be read; the last ones read stay in use", metadata: ["error": "\(error)"]) }
                failing = true
            }
        }
    }
}
