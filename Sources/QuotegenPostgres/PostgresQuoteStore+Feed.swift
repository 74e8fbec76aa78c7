import PostgresNIO
import QuotegenCore

extension PostgresQuoteStore {
    /// The change feed: rows whose `change_seq` is above `changeNumber`, deleted ones included. Numbers are
    /// committed in order (the trigger of migration 0001), so reading up to the highest seen never skips one.
    public func changes(after changeNumber: Int64, limit: Int) async throws -> [QuoteChange] {
        var binds = PostgresBindings()
        binds.append(changeNumber)
        binds.append(limit)
        return try await database.query(PostgresQuery(unsafeSQL: PostgresQuoteRow.changesSQL, binds: binds)).map(PostgresQuoteRow.change)
    }

    public func seedFingerprint(path: String) async throws -> SeedFingerprint? {
        try await database.query("SELECT size, modified_ns, sha256 FROM seed_fingerprint WHERE path = \(path)").first.map { row in
            let (size, modified, sha256) = try row.decode((Int64, Int64, String).self)
            return SeedFingerprint(size: size, modifiedNanoseconds: modified, sha256: sha256)
        }
    }

    public func recordSeedFingerprint(_ fingerprint: SeedFingerprint, path: String) async throws {
        _ = try await database.query("""
            INSERT INTO seed_fingerprint (path, size, modified_ns, sha256)
            VALUES (\(path), \(fingerprint.size), \(fingerprint.modifiedNanoseconds), \(fingerprint.sha256))
            ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_ns = excluded.modified_ns, sha256 = excluded.sha256
            """)
    }
}
