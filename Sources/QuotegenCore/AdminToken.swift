/// A named admin token as the store keeps it: never the token itself, only its SHA-256 (`digest`). Times are RFC
/// 3339 text like every other instant in the store. A revoked token keeps its row (and its name, which stays
/// taken) so that `quotegen token list` and the logs can still say who it was.
public struct AdminTokenRecord: Sendable, Equatable {
    public var name: String
    public var createdAt: String
    public var expiresAt: String?
    public var lastUsedAt: String?
    public var revokedAt: String?

    public init(name: String, createdAt: String, expiresAt: String?, lastUsedAt: String?, revokedAt: String?) {
        self.name = name
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A token that opens the admin API now or until it expires: what a running server holds in memory.
public struct ActiveAdminToken: Sendable, Equatable {
    public var name: String
    /// SHA-256 of the token, lower-case hex.
    public var digest: String
    public var expiresAt: String?

    public init(name: String, digest: String, expiresAt: String?) {
        self.name = name
        self.digest = digest
        self.expiresAt = expiresAt
    }
}

/// Where named admin tokens live: in the quote store's own database, so that every server on it sees a
/// revocation (each re-reads `activeAdminTokens()` often).
public protocol AdminTokenStore: Sendable {
    /// Stores a new token; throws `AdminTokenNameTaken` when a token (even a revoked one) has this name.
    func createAdminToken(name: String, digest: String, createdAt: String, expiresAt: String?) async throws

    /// Every token ever created, oldest first.
    func adminTokens() async throws -> [AdminTokenRecord]

    /// Revokes the token named `name`; false when there is no such token not yet revoked.
    func revokeAdminToken(name: String, at: String) async throws -> Bool

    /// The tokens not revoked (expired ones included: the server compares the expiry with its own clock).
    func activeAdminTokens() async throws -> [ActiveAdminToken]

    /// Records when each named token was last used (name → time); names that are not tokens are ignored.
    func recordAdminTokenUse(_ lastUsed: [String: String]) async throws
}

/// The rules for a token's name, in one place: the CLI checks them, and the names appear in logs and history.
public enum AdminTokenName {
    /// The name of the token given by QUOTEGEN_ADMIN_TOKEN(_FILE); no stored token may take it.
    public static let bootstrap = "env"

    /// Letters, digits, `.`, `_` and `-`, 1 to 64 of them, starting with a letter or digit; not `env`.
    public static func validate(_ name: String) throws(AdminTokenNameInvalid) {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
        guard (1...64).contains(name.count), allowed, let first = name.unicodeScalars.first,
              first.properties.isAlphabetic || ("0"..."9").contains(first)
        else {
            throw AdminTokenNameInvalid(description:
                "a token name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit: '\(name)' is not")
        }
        guard name != bootstrap else {
            throw AdminTokenNameInvalid(description: "'\(bootstrap)' names the token from QUOTEGEN_ADMIN_TOKEN; choose another name")
        }
    }
}

public struct AdminTokenNameInvalid: UserFacingError {
    public let description: String
}

public struct AdminTokenNameTaken: UserFacingError {
    public let name: String
    public init(name: String) { self.name = name }
    public var description: String {
        "a token named '\(name)' exists already (names of revoked tokens stay taken, so that logs keep one meaning); choose another name"
    }
}
