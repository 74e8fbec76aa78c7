import GRDB
import QuotegenCore
import QuotegenRuntime

extension SQLiteQuoteRepository {
    /// The fingerprint recorded for the seed file at `path` (absolute), if it was ever imported in full.
    public func seedFingerprint(path: String) async throws -> SeedFingerprint? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT size, modified_ns, sha256 FROM seed_fingerprint WHERE path = ?", arguments: [path])
                .map { SeedFingerprint(size: $0["size"], modifiedNanoseconds: $0["modified_ns"], sha256: $0["sha256"]) }
        }
    }

    /// Records that the seed file at `path`, as `fingerprint` describes it, is imported in full.
    public func recordSeedFingerprint(_ fingerprint: SeedFingerprint, path: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO seed_fingerprint (path, size, modified_ns, sha256) VALUES (?, ?, ?, ?)
                    ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_ns = excluded.modified_ns, sha256 = excluded.sha256
                    """,
                arguments: [path, fingerprint.size, fingerprint.modifiedNanoseconds, fingerprint.sha256]
            )
        }
    }
}
