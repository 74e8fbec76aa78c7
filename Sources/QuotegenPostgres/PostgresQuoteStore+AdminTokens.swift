import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    public func createAdminToken(name: String, digest: String, createdAt: String, expiresAt: String?) async throws {
        do {
            _ = try await database.query("""
                INSERT INTO admin_token (name, digest, created_at, expires_at) VALUES (\(name), \(digest), \(createdAt), \(expiresAt))
                """)
        } catch let error as PostgresStatementError where error.sqlState == "23505" {
            throw AdminTokenNameTaken(name: name)
        }
    }

    public func adminTokens() async throws -> [AdminTokenRecord] {
        try await database.query("SELECT name, created_at, expires_at, last_used_at, revoked_at FROM admin_token ORDER BY created_at, name")
            .map { row in
                let (name, created, expires, used, revoked) = try row.decode((String, String, String?, String?, String?).self)
                return AdminTokenRecord(name: name, createdAt: created, expiresAt: expires, lastUsedAt: used, revokedAt: revoked)
            }
    }

    public func revokeAdminToken(name: String, at: String) async throws -> Bool {
        try await !database.query("""
            UPDATE admin_token SET revoked_at = \(at) WHERE name = \(name) AND revoked_at IS NULL RETURNING name
            """).isEmpty
    }

    public func activeAdminTokens() async throws -> [ActiveAdminToken] {
        try await database.query("SELECT name, digest, expires_at FROM admin_token WHERE revoked_at IS NULL").map { row in
            let (name, digest, expires) = try row.decode((String, String, String?).self)
            return ActiveAdminToken(name: name, digest: digest, expiresAt: expires)
        }
    }

    public func recordAdminTokenUse(_ lastUsed: [String: String]) async throws {
        guard !lastUsed.isEmpty else { return }
        let names = Array(lastUsed.keys)
        _ = try await database.query("""
            UPDATE admin_token SET last_used_at = v.time
            FROM unnest(\(names)::text[], \(names.map { lastUsed[$0]! })::text[]) AS v(name, time)
            WHERE admin_token.name = v.name AND (admin_token.last_used_at IS NULL OR admin_token.last_used_at < v.time)
            """)
    }
}
