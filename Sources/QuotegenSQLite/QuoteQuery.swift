import Foundation
import GRDB
import QuotegenCore

/// The SQL that reads quotes: one statement shape for every read, tags folded in by a subquery.
enum QuoteQuery {
    struct Condition {
        var sql: String
        var arguments: StatementArguments
    }

    /// How the tag filter is written: as a lookup in the tag index (SQLite may drive from it), as a check of one
    /// quote's tags (when another index drives), or not at all (the listing walks that tag's rows itself).
    enum TagTest {
        case membership, perQuote, driven
    }

    /// Live quotes matching `filter`, as a condition on `q`.
    static func condition(_ filter: QuoteFilter, tag tagTest: TagTest = .membership, searchDriven: Bool = false) -> Condition {
        var condition = Condition(sql: "q.deleted_at IS NULL", arguments: [])
        let authorKeys = filter.authorKeys
        if !authorKeys.isEmpty {
            condition.sql += authorKeys.count == 1 ? " AND q.author_key = ?" : " AND q.author_key IN (\(placeholders(authorKeys.count)))"
            condition.arguments += StatementArguments(authorKeys)
        }
        switch filter.tagMatch {
        case .all:
            for (position, tag) in filter.tags.enumerated() {
                // A listing driven by the tag index walks the first tag's rows; the others are checked per quote.
                switch position == 0 ? tagTest : tagTest == .driven ? .perQuote : tagTest {
                case .membership: condition.sql += " AND q.id IN (SELECT quote_id FROM quote_tag WHERE tag = ?)"
                case .perQuote: condition.sql += " AND EXISTS (SELECT 1 FROM quote_tag WHERE quote_id = q.id AND tag = ?)"
                case .driven: condition.sql += " AND t.tag = ?"
                }
                condition.arguments += [tag]
            }
        case .any:
            // Never `.driven`: a quote with two of the tags would be listed twice (`page` drives from the table).
            let list = placeholders(filter.tags.count)
            condition.sql += tagTest == .perQuote
                ? " AND EXISTS (SELECT 1 FROM quote_tag WHERE quote_id = q.id AND tag IN (\(list)))"
                : " AND q.id IN (SELECT quote_id FROM quote_tag WHERE tag IN (\(list)))"
            condition.arguments += StatementArguments(filter.tags)
        }
        if let search = filter.search {
            if searchDriven {
                condition.sql += " AND s.quote_search MATCH ?"
            } else {
                condition.sql += " AND q.id IN (SELECT rowid FROM quote_search WHERE quote_search MATCH ?)"
            }
            condition.arguments += [search.fts5Expression]
        }
        if let minLength = filter.minLength {
            condition.sql += " AND length(q.text) >= ?"
            condition.arguments += [minLength]
        }
        if let maxLength = filter.maxLength {
            condition.sql += " AND length(q.text) <= ?"
            condition.arguments += [maxLength]
        }
        return condition
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Where a page starts: after the quote with this id, at this creation time (tombstones keep theirs), or at
    /// this relevance for the same search.
    struct Cursor {
        let id: Int64
        var createdAt = ""
        var rank = 0.0
        /// The `author` or `text` order's key (`sortKey`).
        var key = ""
    }

    /// What a listing walks, so that it reads its rows in order and stops at its limit: the search index when
    /// there is a search, a tag's rows when there is a tag, the quote table (or one of its indexes) otherwise.
    private enum Driver {
        case table, tag, search

        var from: String {
            switch self {
            case .table: "FROM quote q"
            case .tag: "FROM quote_tag t CROSS JOIN quote q ON q.id = t.quote_id"
            case .search: "FROM quote_search s CROSS JOIN quote q ON q.id = s.rowid"
            }
        }

        var id: String {
            switch self {
            case .table: "q.id"
            case .tag: "t.quote_id"
            case .search: "s.rowid"
            }
        }

        var createdAt: String { self == .tag ? "t.created_at" : "q.created_at" }
    }

    /// One page of a listing, ordered and limited, after skipping `offset` matches (stepped over in the index, not
    /// read); `limit` and `offset` are its last arguments. The one place that writes the listing's SQL, so that the
    /// query-plan test checks what runs. `.relevance` needs `filter.search`.
    static func page(_ filter: QuoteFilter, order: QuoteOrder, after cursor: Cursor?, limit: Int, offset: Int = 0) -> Condition {
        guard let arms = arms(of: filter) else { return walk(filter, order: order, after: cursor, limit: limit, offset: offset) }
        // Any of several authors or tags: one walk per term, each stopping at the limit, merged. A single walk
        // could only follow one term's index and sort the rest; this sorts at most `limit` rows per term.
        var page = Condition(sql: "", arguments: [])
        for arm in arms {
            let walk = walk(arm, order: order, after: cursor, limit: limit + offset, selectsSortKey: true)
            page.sql += (page.sql.isEmpty ? "" : " UNION ") + "SELECT * FROM (\(walk.sql))"
            page.arguments += walk.arguments
        }
        let sort = switch order {
        case .id, .relevance: "id"
        case .idDescending: "id DESC"
        case .createdAt: "created_at, id"
        case .createdAtDescending: "created_at DESC, id DESC"
        case .author, .text: "sort_key, id"
        case .authorDescending, .textDescending: "sort_key DESC, id DESC"
        }
        page.sql += " ORDER BY \(sort) LIMIT ? OFFSET ?"
        page.arguments += [limit, offset]
        return page
    }

    /// The single-term filters whose union is `filter`, when a listing must merge walks: any of several authors
    /// (one per author; an author's quotes are few, so authors drive), else any of several tags (one per tag);
    /// never with a search, whose index drives every walk.
    static func arms(of filter: QuoteFilter) -> [QuoteFilter]? {
        guard filter.search == nil else { return nil }
        if filter.authors.count > 1 {
            return filter.authors.map {
                QuoteFilter(
                    authors: [$0], tags: filter.tags, tagMatch: filter.tagMatch,
                    minLength: filter.minLength, maxLength: filter.maxLength
                )
            }
        }
        guard filter.tagMatch == .any else { return nil }
        return filter.tags.map {
            QuoteFilter(authors: filter.authors, tags: [$0], minLength: filter.minLength, maxLength: filter.maxLength)
        }
    }

    /// What the `author` and `text` orders sort by before the id: exactly what migration 0014 indexes.
    static func sortKey(_ order: QuoteOrder) -> String? {
        switch order {
        case .author, .authorDescending: "coalesce(q.author_key, '')"
        case .text, .textDescending: "substr(q.text, 1, \(QuoteOrder.textKeyLength))"
        case .id, .idDescending, .createdAt, .createdAtDescending, .relevance: nil
        }
    }

    /// One walk of one index in the listing's order, with every filter checked on the way. `selectsSortKey` adds
    /// the sort key as the column `sort_key`, for the merge of several walks.
    static func walk(
        _ filter: QuoteFilter, order: QuoteOrder, after cursor: Cursor?, limit: Int, offset: Int = 0, selectsSortKey: Bool = false
    ) -> Condition {
        let key = sortKey(order)
        var order = order
        var cursor = cursor
        var nothingLeft = false
        if order == .author || order == .authorDescending, filter.authorKeys.count == 1 {
            // Every match has this one author key, so the author order is the id order (that author's index
            // gives it); a cursor at another key leaves all of this author's quotes or none of them.
            let author = filter.authorKeys[0]
            if let at = cursor?.key, author != at {
                let authorFirst = author.utf8.lexicographicallyPrecedes(at.utf8)
                nothingLeft = order == .author ? authorFirst : !authorFirst
                cursor = nil
            }
            order = order == .author ? .id : .idDescending
        }
        let sortsByKey = sortKey(order) != nil
        // Tags drive only without an author: an author's quotes are usually far fewer than a tag's.
        let driver: Driver = filter.search != nil ? .search
            : !sortsByKey && filter.authors.isEmpty && !filter.tags.isEmpty && filter.tagMatch == .all ? .tag : .table
        // By a sort key with tags, the walk follows the key's index and checks each quote's tags: it reads about
        // limit ÷ (the tags' share of quotes) rows, where listing the tags' quotes first would sort all of them.
        let filters = condition(filter, tag: driver == .tag ? .driven : .perQuote, searchDriven: driver == .search)
        let columns = selectsSortKey && key != nil ? "\(selectColumns), \(key!) AS sort_key" : selectColumns
        var page = Condition(sql: "\(columns) \(driver.from) WHERE \(filters.sql)", arguments: filters.arguments)
        // An empty range of the primary key: nothing to read, and a plan that says so.
        if nothingLeft { page.sql += " AND q.id < 0" }
        let id = driver.id
        if let cursor {
            switch order {
            case .id:
                page.sql += " AND \(id) > ?"
                page.arguments += [cursor.id]
            case .idDescending:
                page.sql += " AND \(id) < ?"
                page.arguments += [cursor.id]
            case .createdAt, .createdAtDescending:
                page.sql += " AND (\(driver.createdAt), \(id)) \(order == .createdAt ? ">" : "<") (?, ?)"
                page.arguments += [cursor.createdAt, cursor.id]
            case .author, .authorDescending, .text, .textDescending:
                // The key's bound alone first: SQLite seeks an expression index by a plain comparison, but checks a
                // row value over an expression entry by entry from the index's start.
                let (bound, after) = order.isDescending ? ("<=", "<") : (">=", ">")
                page.sql += " AND \(key!) \(bound) ? AND (\(key!), q.id) \(after) (?, ?)"
                page.arguments += [cursor.key, cursor.key, cursor.id]
            case .relevance:
                page.sql += " AND (s.rank, s.rowid) > (?, ?)"
                page.arguments += [cursor.rank, cursor.id]
            }
        }
        let sort = switch order {
        case .id: id
        case .idDescending: "\(id) DESC"
        case .createdAt: "\(driver.createdAt), \(id)"
        case .createdAtDescending: "\(driver.createdAt) DESC, \(id) DESC"
        case .author, .text: "\(key!), q.id"
        case .authorDescending, .textDescending: "\(key!) DESC, q.id DESC"
        case .relevance: "s.rank, s.rowid"
        }
        page.sql += " ORDER BY \(sort) LIMIT ? OFFSET ?"
        page.arguments += [limit, offset]
        return page
    }

    /// Where the quote `id` stands in the relevance order of `search`; nil when it does not match it.
    static func rank(_ db: Database, of id: Int64, in search: SearchText) throws -> Double? {
        try Double.fetchOne(
            db.cachedStatement(sql: "SELECT rank FROM quote_search WHERE quote_search MATCH ? AND rowid = ?"),
            arguments: [search.fts5Expression, id]
        )
    }

    /// The rows of a statement that selects `selectColumns` (a `page`).
    static func fetchAll(_ db: Database, _ statement: Condition) throws -> [Quote] {
        try Row.fetchAll(db.cachedStatement(sql: statement.sql), arguments: statement.arguments).map(QuoteRow.quote)
    }

    private static let selectColumns = "SELECT \(QuoteRow.columns)"
    private static let select = "\(selectColumns) FROM quote q WHERE"

    // Statements are prepared once per connection and reused: the filters only vary the arguments,
    // so there are a handful of distinct SQL strings.
    static func fetchAll(_ db: Database, where clause: String, arguments: StatementArguments) throws -> [Quote] {
        try Row.fetchAll(db.cachedStatement(sql: "\(select) \(clause)"), arguments: arguments).map(QuoteRow.quote)
    }

    static func fetchOne(_ db: Database, where clause: String, arguments: StatementArguments) throws -> Quote? {
        try Row.fetchOne(db.cachedStatement(sql: "\(select) \(clause)"), arguments: arguments).map(QuoteRow.quote)
    }

    private static let liveByID = "q.id = ? AND q.deleted_at IS NULL"

    /// One live quote by id, in `QuoteRow`'s columns (`QuotePointReader` reads them by position).
    static let liveByIDSQL = "\(select) \(liveByID)"
    /// The same without the tags: one B-tree lookup instead of two, for when the tags are known.
    static let liveRowByIDSQL = "SELECT \(QuoteRow.rowColumns) FROM quote q WHERE \(liveByID)"

    static func fetchLive(_ db: Database, id: Int64) throws -> Quote? {
        try fetchOne(db, where: liveByID, arguments: [id])
    }
}
