import Foundation
import QuotegenCore
import Synchronization

/// The tokens that open the admin API on this server: the bootstrap token from QUOTEGEN_ADMIN_TOKEN (named
/// `env`) and the named tokens of the store, which `AdminTokenRefresher` re-reads often so that a revocation made
/// by `quotegen token revoke` anywhere reaches every running server within a second. It also notes when each named
/// token was last used, for the refresher to write (`takeUses()`), so that a request never waits on that write.
public final class AdminTokenRegistry: Sendable {
    private struct State {
        var byDigest: [String: ActiveAdminToken] = [:]
        var uses: [String: String] = [:]
    }

    private let bootstrap: BearerToken?
    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    public init(bootstrap: BearerToken?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.bootstrap = bootstrap
        self.now = now
    }

    /// No token at all can open the admin API (none configured, none created, or all revoked).
    public var isEmpty: Bool { bootstrap == nil && state.withLock { $0.byDigest.isEmpty } }

    /// The name of the token presented, when it opens the admin API now; nil for a wrong, revoked or expired one.
    public func holder(of presented: String) -> String? {
        if let bootstrap, bootstrap.matches(presented) { return AdminTokenName.bootstrap }
        guard presented.hasPrefix(AdminTokenSecret.prefix) else { return nil }
        let digest = AdminTokenSecret.digest(presented)
        let stamp = Timestamp.string(from: now())
        return state.withLock { state -> String? in
            guard let token = state.byDigest[digest] else { return nil }
            if let expiry = token.expiresAt, expiry <= stamp { return nil }
            state.uses[token.name] = stamp
            return token.name
        }
    }

    /// The store's tokens as just read: a token no longer among them (revoked) stops opening at once.
    public func replace(with tokens: [ActiveAdminToken]) {
        let byDigest = Dictionary(tokens.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
        state.withLock { $0.byDigest = byDigest }
    }

    /// When each named token was last used since the previous call (name → time).
    public func takeUses() -> [String: String] {
        state.withLock { state in
            defer { state.uses = [:] }
            return state.uses
        }
    }
}
