import GRDB
import QuotegenCore

extension SQLiteQuoteRepository {
    public func createAdminToken(name: String, digest: String, createdAt: String, expiresAt: String?) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO admin_token (name, digest, created_at, expires_at) VALUES (?, ?, ?, ?)",
                    arguments: [name, digest, createdAt, expiresAt]
                )
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw AdminTokenNameTaken(name: name)
        }
    }

    public func adminTokens() async throws -> [AdminTokenRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at, expires_at, last_used_at, revoked_at FROM admin_token ORDER BY created_at, name")
                .map { AdminTokenRecord(name: $0[0], createdAt: $0[1], expiresAt: $0[2], lastUsedAt: $0[3], revokedAt: $0[4]) }
        }
    }

    public func revokeAdminToken(name: String, at: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE admin_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [at, name])
            return db.changesCount == 1
        }
    }

    public func activeAdminTokens() async throws -> [ActiveAdminToken] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, digest, expires_at FROM admin_token WHERE revoked_at IS NULL")
                .map { ActiveAdminToken(name: $0[0], digest: $0[1], expiresAt: $0[2]) }
        }
    }

    public func recordAdminTokenUse(_ lastUsed: [String: String]) async throws {
        guard !lastUsed.isEmpty else { return }
        try await pool.write { db in
            for (name, time) in lastUsed {
                try db.execute(
                    sql: "UPDATE admin_token SET last_used_at = ? WHERE name = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                    arguments: [time, name, time]
                )
            }
        }
    }
}
