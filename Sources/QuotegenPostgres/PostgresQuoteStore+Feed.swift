import PostgresNIO
import QuotegenCore
import Synchronization

extension PostgresQuoteStore {
    /// The change feed: rows whose `change_seq` is above `changeNumber`, deleted ones included, never past a
    /// number that may still commit. Writers take numbers in parallel, so a reader can see 7 before 6 commits: at
    /// a gap, it returns only what comes before it while any writer holds the lock of migration 0001 (taken
    /// before a writer's first number, held to its end). When none does, every number up to the last one seen
    /// has committed or was rolled back, and a second read returns all of them. A gap still open after
    /// `FeedGaps.patience` (a writer stuck that long) is stepped over, so one stalled session cannot freeze
    /// every replica's index.
    public func changes(after changeNumber: Int64, limit: Int) async throws -> [QuoteChange] {
        try await committed(after: changeNumber, gaps: feedGaps, number: \.changeNumber) {
            try await database.execute(PreparedStatements.Changes(after: changeNumber, limit: limit))
        }
    }

    /// The rule of both feeds (the change feed and the audit feed), for entries numbered by the change sequence and
    /// read in number order by `read`: at a gap, only what comes before it while a writer may still commit the
    /// missing number; when none may, a second read, up to the last number the first one saw.
    func committed<Entry>(
        after start: Int64, gaps: FeedGaps, number: (Entry) -> Int64, _ read: () async throws -> [Entry]
    ) async throws -> [Entry] {
        let first = try await read()
        guard let gap = FeedGaps.firstGap(in: first.map(number), after: start), let lastSeen = first.last.map(number) else {
            gaps.closed()
            return first
        }
        if try await aWriterMayCommit(), !gaps.hasWaitedTooLong(at: number(first[gap])) { return Array(first[..<gap]) }
        let again = try await read()
        gaps.closed()
        return again.filter { number($0) <= lastSeen }
    }

    /// Whether some session holds the writers' lock of migration 0001, so that a number handed out may still commit.
    func aWriterMayCommit() async throws -> Bool {
        try await values(
            """
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = 7400113
                AND objsubid = 1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
            """,
            as: Bool.self
        ).first ?? true
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

/// The change feed's memory of the gap it is waiting at (one per store), so that a gap no writer ever fills is
/// stepped over after `patience`.
final class FeedGaps: Sendable {
    /// Far longer than any quotegen transaction (a statement may run 10 s at most).
    static let patience: Duration = .seconds(30)

    private let waiting = Mutex<(number: Int64, since: ContinuousClock.Instant)?>(nil)

    /// The index of the first number that does not follow the one before it (or `after`).
    static func firstGap(in numbers: [Int64], after: Int64) -> Int? {
        var expected = after + 1
        for (index, number) in numbers.enumerated() {
            if number != expected { return index }
            expected += 1
        }
        return nil
    }

    /// Whether the feed has been waiting at the gap before `number` for longer than `patience`.
    func hasWaitedTooLong(at number: Int64) -> Bool {
        let now = ContinuousClock.now
        return waiting.withLock { waiting in
            guard let current = waiting, current.number == number else {
                waiting = (number, now)
                return false
            }
            return now - current.since > Self.patience
        }
    }

    func closed() { waiting.withLock { $0 = nil } }
}
