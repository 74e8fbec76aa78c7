import Foundation
import Logging
import PostgresNIO
import QuotegenCore
import QuotegenIndex
import QuotegenRuntime

/// The quote store on PostgreSQL, for several replicas on one store. Random picks and tallies come from the same
/// in-memory index as on SQLite, kept current from the change feed (`changes(after:limit:)`), which sees every
/// replica's writes; point reads, listings and search go to PostgreSQL.
public struct PostgresQuoteStore: QuoteStore {
    public let database: PostgresAppDatabase
    public let index: QuoteIndex
    let now: @Sendable () -> Date
    let metrics: ServerMetrics?
    let feedGaps = FeedGaps()
    /// The audit feed's own (`revisions(after:limit:)`), so that its clients and the index never reset each other's wait.
    let auditGaps = FeedGaps()
    let pointReads: PointReads

    public init(
        database: PostgresAppDatabase, index: QuoteIndex = QuoteIndex(), now: @escaping @Sendable () -> Date = { Date() },
        metrics: ServerMetrics? = nil
    ) {
        (self.database, self.index, self.now, self.metrics) = (database, index, now, metrics)
        // Half the pool at most for point reads: writes, listings and the change feed keep connections.
        pointReads = PointReads(maxInFlight: max(1, database.location.poolSize / 2)) { ids in
            try await database.execute(PreparedStatements.LiveQuotes(ids: ids))
        }
    }

    var logger: Logger { database.logger }

    func fetch(_ statement: SQLStatement) async throws -> [Quote] {
        try await database.query(statement.query).map(PostgresQuoteRow.quote)
    }

    /// The first column of each row of `query`.
    func values<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) async throws -> [T] {
        try await database.query(query).map { try $0.decode(T.self) }
    }

    // MARK: Reads

    public func randomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote] {
        guard index.isLoaded, filter.search == nil else { return try await scanningRandomQuotes(matching: filter, count: count) }
        let ids = index.randomIDs(matching: filter, count: count)
        let quotes = try await liveQuotes(ids: ids)
        // A pick can race a deletion committed after the index saw it: answer from SQL instead.
        if quotes.count < ids.count { return try await scanningRandomQuotes(matching: filter, count: count) }
        return quotes
    }

    /// The same answer without the index: counts the matches and reads distinct random offsets.
    func scanningRandomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote] {
        if filter.search?.matchesNothing == true { return [] }
        var counting = SQLStatement(sql: "SELECT count(*) FROM quote q WHERE ")
        PostgresQuoteQuery.condition(filter, into: &counting)
        let total = try await values(counting.query, as: Int.self).first ?? 0
        var offsets = Set<Int>()
        while offsets.count < min(count, total) { offsets.insert(Int.random(in: 0..<total)) }
        var quotes: [Quote] = []
        for offset in offsets.shuffled() {
            var statement = SQLStatement(sql: "SELECT \(PostgresQuoteRow.columns) FROM quote q WHERE ")
            PostgresQuoteQuery.condition(filter, into: &statement)
            statement.sql += " ORDER BY q.id LIMIT 1 OFFSET \(statement.bind(offset))"
            quotes += try await fetch(statement)
        }
        return quotes
    }

    public func quotes(matching filter: QuoteFilter, order: QuoteOrder, afterID: Int64?, offset: Int, limit: Int) async throws -> [Quote] {
        if filter.search?.matchesNothing == true { return [] }
        var cursor: PostgresQuoteQuery.Cursor?
        if let afterID {
            cursor = PostgresQuoteQuery.Cursor(id: afterID)
            switch order {
            case .id, .idDescending:
                break
            case .createdAt, .createdAtDescending:
                // Tombstones keep their creation time, so a page boundary on a quote deleted since still works.
                let created = try await values("SELECT created_at FROM quote WHERE id = \(afterID)", as: String.self).first
                guard let created else { throw QuoteStoreError.unknownCursor(id: afterID) }
                cursor?.createdAt = created
            case .author, .authorDescending, .text, .textDescending:
                // Tombstones keep their author and text too.
                let key = try await values("SELECT \(unescaped: PostgresQuoteQuery.sortKey(order)!) FROM quote q WHERE q.id = \(afterID)", as: String.self).first
                guard let key else { throw QuoteStoreError.unknownCursor(id: afterID) }
                cursor?.key = key
            case .relevance:
                var rank: Double?
                if let search = filter.search {
                    let statement = PostgresQuoteQuery.rank(of: afterID, in: search)
                    rank = try await values(statement.query, as: Double.self).first
                }
                guard let rank else { throw QuoteStoreError.cursorOutsideSearch(id: afterID) }
                cursor?.rank = rank
            }
        }
        return try await fetch(PostgresQuoteQuery.page(filter, order: order, after: cursor, limit: limit, offset: offset))
    }

    public func quote(id: Int64) async throws -> Quote? {
        try await liveQuotes(ids: [id]).first
    }

    public func quote(externalID: String) async throws -> Quote? {
        try await database.query(
            "SELECT \(unescaped: PostgresQuoteRow.columns) FROM quote q WHERE q.external_id = \(externalID) AND q.deleted_at IS NULL"
        ).map(PostgresQuoteRow.quote).first
    }

    /// The live quotes among `ids`, in the order of `ids` (read together with other requests' ids under load).
    func liveQuotes(ids: [Int64]) async throws -> [Quote] {
        guard !ids.isEmpty else { return [] }
        let found = try await pointReads.quotes(ids: ids)
        return ids.compactMap { found[$0] }
    }

    public func quoteCount(matching filter: QuoteFilter) async throws -> Int {
        if filter.search?.matchesNothing == true { return 0 }
        if index.isLoaded, filter.search == nil { return index.count(matching: filter) }
        var statement = SQLStatement(sql: "SELECT count(*) FROM quote q WHERE ")
        PostgresQuoteQuery.condition(filter, into: &statement)
        return try await values(statement.query, as: Int.self).first ?? 0
    }

    public func checkReady() async throws {
        _ = try await database.query("SELECT 1")
        guard index.isLoaded else { throw IndexLoading() }
    }

    public func authors() async throws -> [Tally] {
        if index.isLoaded { return index.authorTallies() }
        // Grouped by the key the `author` filter compares; the spelling that sorts first by bytes, as the index.
        return try await tallies("""
            SELECT min(author COLLATE "C"), count(*) FROM quote
            WHERE deleted_at IS NULL AND author_key IS NOT NULL GROUP BY author_key
            """)
    }

    public func tags() async throws -> [Tally] {
        if index.isLoaded { return index.tagTallies() }
        return try await tallies("SELECT tag, count(*) FROM quote, unnest(tags) AS tag WHERE deleted_at IS NULL GROUP BY tag")
    }

    private func tallies(_ sql: String) async throws -> [Tally] {
        let tallies = try await database.query(PostgresQuery(unsafeSQL: sql)).map { row in
            let (name, count) = try row.decode((String, Int).self)
            return Tally(name: name, count: count)
        }
        return Tally.ranked(tallies)
    }

    /// The one way a write tells the index what it committed, so that this process's next read sees it without
    /// waiting for the change feed (as `SQLiteQuoteRepository.didCommit`).
    func didCommit(_ changes: [(id: Int64, quote: QuoteSummary?)]) {
        guard index.isTracking, !changes.isEmpty else { return }
        index.apply(changes)
    }
}
