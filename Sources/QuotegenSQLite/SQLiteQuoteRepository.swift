import Foundation
import GRDB
import QuotegenCore
import QuotegenRuntime
import QuotegenIndex

/// The quote store on SQLite. Reads run on the pool's readers and never wait for writes; API writes
/// share commits with concurrent ones (`GroupCommitter`), each in its own savepoint. Random picks come from an
/// in-memory index of ids (see `refreshIndex`), so they never scan the table.
public struct SQLiteQuoteRepository: QuoteStore {
    public let database: AppDatabase
    public let index: QuoteIndex
    let dailyChoices = DailyChoiceCache()
    let now: @Sendable () -> Date
    let metrics: ServerMetrics?

    /// `index` serves random picks and tallies once the server's refresher has loaded it; until then (and in
    /// command-line tools, which never load it) reads go to SQL.
    public init(
        database: AppDatabase, index: QuoteIndex = QuoteIndex(), now: @escaping @Sendable () -> Date = { Date() },
        metrics: ServerMetrics? = nil
    ) {
        self.database = database
        self.index = index
        self.now = now
        self.metrics = metrics
    }

    var pool: DatabasePool { database.pool }

    // MARK: Reads

    public func randomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote] {
        guard index.isLoaded else { return try await probingRandomQuotes(matching: filter, count: count) }
        let ids = index.randomIDs(matching: filter, count: count)
        let quotes = try await liveQuotes(ids: ids)
        // A pick can race a deletion committed after the index saw it: answer from SQL instead.
        if quotes.count < ids.count { return try await scanningRandomQuotes(matching: filter, count: count) }
        return quotes
    }

    /// Until the index's first load is done: random probes into the id range, each one primary-key lookup,
    /// retried on gaps and deleted rows. Each live quote is equally likely (rejection sampling), and the cost does
    /// not grow with the store. Filtered picks, and stores so sparse that the probes keep missing, are answered by
    /// `scanningRandomQuotes`.
    func probingRandomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote] {
        guard filter == QuoteFilter() else { return try await scanningRandomQuotes(matching: filter, count: count) }
        let picked: [Quote]? = try await pool.read { db in
            // Two subqueries: SQLite answers a lone min() or max() from the end of the B-tree, but scans the
            // table for both in one SELECT.
            guard let bounds = try Row.fetchOne(db, sql: "SELECT (SELECT min(id) FROM quote) AS low, (SELECT max(id) FROM quote) AS high"),
                  let low: Int64 = bounds["low"], let high: Int64 = bounds["high"] else { return [] }
            var generator = PickGenerator()
            var quotes: [Quote] = []
            var seen = Set<Int64>()
            for _ in 0..<(count * 64) where quotes.count < count {
                let id = Int64.random(in: low...high, using: &generator)
                guard !seen.contains(id) else { continue }
                seen.insert(id)
                if let quote = try QuoteQuery.fetchLive(db, id: id) { quotes.append(quote) }
            }
            return quotes.count == count ? quotes : nil
        }
        if let picked { return picked }
        return try await scanningRandomQuotes(matching: filter, count: count)
    }

    /// The same answer without the index: counts the matches and reads distinct random offsets.
    /// For filtered picks while the index's first load is running.
    public func scanningRandomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote] {
        let condition = QuoteQuery.condition(filter)
        return try await pool.read { db in
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM quote q WHERE \(condition.sql)", arguments: condition.arguments
            ) ?? 0
            var offsets: [Int] = []
            var seen = Set<Int>()
            while offsets.count < min(count, total) {
                let offset = Int.random(in: 0..<total)
                if seen.insert(offset).inserted { offsets.append(offset) }
            }
            return try offsets.compactMap { offset in
                try QuoteQuery.fetchOne(
                    db, where: condition.sql + " ORDER BY q.id LIMIT 1 OFFSET ?",
                    arguments: condition.arguments + [offset]
                )
            }
        }
    }

    public func quotes(matching filter: QuoteFilter, order: QuoteOrder, afterID: Int64?, offset: Int, limit: Int) async throws -> [Quote] {
        if filter.search?.matchesNothing == true { return [] }
        return try await pool.read { db in
            var cursor: QuoteQuery.Cursor?
            if let afterID {
                cursor = QuoteQuery.Cursor(id: afterID)
                switch order {
                case .id, .idDescending:
                    break
                case .createdAt, .createdAtDescending:
                    // The cursor's position is its creation time; tombstones keep theirs, so a page
                    // boundary on a quote deleted since still works.
                    guard let created = try String.fetchOne(
                        db, sql: "SELECT created_at FROM quote WHERE id = ?", arguments: [afterID]
                    ) else { throw QuoteStoreError.unknownCursor(id: afterID) }
                    cursor?.createdAt = created
                case .author, .authorDescending, .text, .textDescending:
                    // Tombstones keep their author and text too.
                    guard let key = try String.fetchOne(
                        db, sql: "SELECT \(QuoteQuery.sortKey(order)!) FROM quote q WHERE id = ?", arguments: [afterID]
                    ) else { throw QuoteStoreError.unknownCursor(id: afterID) }
                    cursor?.key = key
                case .relevance:
                    guard let search = filter.search, let rank = try QuoteQuery.rank(db, of: afterID, in: search) else {
                        throw QuoteStoreError.cursorOutsideSearch(id: afterID)
                    }
                    cursor?.rank = rank
                }
            }
            return try QuoteQuery.fetchAll(db, QuoteQuery.page(filter, order: order, after: cursor, limit: limit, offset: offset))
        }
    }

    public func quote(id: Int64) async throws -> Quote? {
        try await liveQuotes(ids: [id]).first
    }

    public func quote(externalID: String) async throws -> Quote? {
        try await pool.read { db in
            try QuoteQuery.fetchOne(db, where: "q.external_id = ? AND q.deleted_at IS NULL", arguments: [externalID])
        }
    }

    /// The live quotes among `ids`, in order. Independent single-row reads: each SELECT is its own
    /// consistent snapshot in SQLite, so no transaction spans them.
    private func liveQuotes(ids: [Int64]) async throws -> [Quote] {
        if let quotes = try database.pointReader.liveQuotes(ids: ids, knownTags: index.tags(of:atRevision:)) { return quotes }
        return try await pool.unsafeRead { db in try ids.compactMap { try QuoteQuery.fetchLive(db, id: $0) } }
    }

    public func quoteCount(matching filter: QuoteFilter) async throws -> Int {
        if filter.search?.matchesNothing == true { return 0 }
        if index.isLoaded, filter.search == nil { return index.count(matching: filter) }
        let condition = QuoteQuery.condition(filter)
        return try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM quote q WHERE \(condition.sql)", arguments: condition.arguments) ?? 0
        }
    }

    public func checkReady() async throws {
        try database.checkFileInPlace()
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
        guard index.isLoaded else { throw IndexLoading() }
    }

    // MARK: Writes

    public func create(_ content: QuoteContent, by actor: String) async throws -> Quote {
        let stamp = Timestamp.string(from: now())
        let created = try await committingWrite { db in
            if let existing = try Self.liveID(db, text: content.text) {
                throw QuoteStoreError.duplicate(existingID: existing)
            }
            let slug = try content.author.map { try AuthorRows.slug(of: $0, at: stamp, db) }
            try db.cachedStatement(
                sql: "INSERT INTO quote (text, author, author_key, source, created_at, updated_at) VALUES (?, ?, ?, 'api', ?, ?)"
            ).execute(arguments: [content.text, content.author, content.author?.searchKey, stamp, stamp])
            let id = db.lastInsertedRowID
            try Self.insertTags(db, quoteID: id, content.tags)
            try Self.recordRevision(db, quoteID: id, action: .create, actor: actor, at: stamp)
            // What the row now holds (revision starts at 1), without reading it back inside the writer.
            return Quote(
                id: id, text: content.text, author: content.author, tags: content.tags, source: .api,
                createdAt: stamp, updatedAt: stamp, revision: 1, authorSlug: slug
            )
        }
        didCommit([(created.id, QuoteSummary(created))])
        return created
    }

    public func update(id: Int64, by actor: String, _ change: @escaping @Sendable (Quote) throws -> QuoteContent) async throws -> Quote {
        let stamp = Timestamp.string(from: now())
        let updated = try await committingWrite { db in
            guard let current = try QuoteQuery.fetchLive(db, id: id) else { throw QuoteStoreError.notFound(id: id) }
            let content = try change(current)
            guard content != current.content else { return current }
            if let existing = try Self.liveID(db, text: content.text), existing != id {
                throw QuoteStoreError.duplicate(existingID: existing)
            }
            let slug = try content.author.map { try AuthorRows.slug(of: $0, at: stamp, db) }
            try db.cachedStatement(
                sql: "UPDATE quote SET text = ?, author = ?, author_key = ?, updated_at = ?, revision = revision + 1 WHERE id = ?"
            ).execute(arguments: [content.text, content.author, content.author?.searchKey, stamp, id])
            try Self.replaceTags(db, quoteID: id, with: content.tags)
            try Self.recordRevision(db, quoteID: id, action: .update, actor: actor, at: stamp)
            return current.edited(to: content, at: stamp, authorSlug: slug)
        }
        didCommit([(id, QuoteSummary(updated))])
        return updated
    }

    public func delete(id: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void) async throws {
        let stamp = Timestamp.string(from: now())
        try await committingWrite { db in
            guard let current = try QuoteQuery.fetchLive(db, id: id) else { throw QuoteStoreError.notFound(id: id) }
            try check(current)
            // The row stays as a tombstone: seeding must never bring this text back.
            try db.cachedStatement(
                sql: "UPDATE quote SET deleted_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ?"
            ).execute(arguments: [stamp, stamp, id])
            try Self.recordRevision(db, quoteID: id, action: .delete, actor: actor, at: stamp)
        }
        didCommit([(id, nil)])
    }

    // MARK: Helpers

    /// An API write through the group committer; a failure of the database itself (not a refusal such as a
    /// duplicate) is counted for `/metrics`.
    func committingWrite<T: Sendable>(_ write: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.committer.write(write)
        } catch let error as DatabaseError {
            metrics?.databaseWriteErrors.increment()
            throw error
        } catch let error as DatabaseFileGone {
            metrics?.databaseWriteErrors.increment()
            throw error
        }
    }

    static func liveID(_ db: Database, text: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM quote WHERE text = ? AND deleted_at IS NULL"), arguments: [text])
    }

    static func replaceTags(_ db: Database, quoteID: Int64, with tags: [String]) throws {
        try db.cachedStatement(sql: "DELETE FROM quote_tag WHERE quote_id = ?").execute(arguments: [quoteID])
        try insertTags(db, quoteID: quoteID, tags)
    }

    static func insertTags(_ db: Database, quoteID: Int64, _ tags: [String]) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO quote_tag (quote_id, tag, position) VALUES (?, ?, ?)")
        for (position, tag) in tags.enumerated() {
            try insert.execute(arguments: [quoteID, tag, position])
        }
    }
}
