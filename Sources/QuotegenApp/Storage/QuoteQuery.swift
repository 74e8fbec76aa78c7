import Foundation
import GRDB

/// The SQL that reads quotes: one statement shape for every read, tags folded in by a subquery.
enum QuoteQuery {
    struct Condition {
        var sql: String
        var arguments: StatementArguments
    }

    /// Live quotes matching `filter`. `swiftLowercaseString` is GRDB's SQL function for Swift's
    /// `lowercased()`, which folds case beyond ASCII (SQLite's `lower()` does not).
    static func condition(_ filter: QuoteFilter) -> Condition {
        var condition = Condition(sql: "q.deleted_at IS NULL", arguments: [])
        if let author = filter.author {
            condition.sql += " AND swiftLowercaseString(q.author) = ?"
            condition.arguments += [author.lowercased()]
        }
        if let tag = filter.tag {
            condition.sql += " AND q.id IN (SELECT quote_id FROM quote_tag WHERE tag = ?)"
            condition.arguments += [tag.lowercased()]
        }
        if let text = filter.textContains {
            condition.sql += " AND instr(swiftLowercaseString(q.text), ?) > 0"
            condition.arguments += [text.lowercased()]
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

    /// Where a page starts: after the quote with this id, at this creation time (tombstones keep theirs).
    struct Cursor {
        let id: Int64
        let createdAt: String
    }

    /// The WHERE clause (after `select`) of one page of a listing, ordered and limited; `limit` is its last
    /// argument. The one place that writes the listing's SQL, so that the query-plan test checks what runs.
    static func page(_ filter: QuoteFilter, order: QuoteOrder, after cursor: Cursor?, limit: Int) -> Condition {
        var condition = condition(filter)
        if let cursor {
            switch order {
            case .id:
                condition.sql += " AND q.id > ?"
                condition.arguments += [cursor.id]
            case .idDescending:
                condition.sql += " AND q.id < ?"
                condition.arguments += [cursor.id]
            case .createdAt, .createdAtDescending:
                condition.sql += " AND (q.created_at, q.id) \(order == .createdAt ? ">" : "<") (?, ?)"
                condition.arguments += [cursor.createdAt, cursor.id]
            }
        }
        let sort = switch order {
        case .id: "q.id"
        case .idDescending: "q.id DESC"
        case .createdAt: "q.created_at, q.id"
        case .createdAtDescending: "q.created_at DESC, q.id DESC"
        }
        condition.sql += " ORDER BY \(sort) LIMIT ?"
        condition.arguments += [limit]
        return condition
    }

    /// The full statement of `page`, for `EXPLAIN QUERY PLAN`.
    static func statement(_ condition: Condition) -> String { "\(select) \(condition.sql)" }

    private static let columns = "q.id, q.text, q.author, q.source, q.created_at, q.updated_at, q.revision"

    // Tags hold only letters, digits and '-', so ',' cannot occur in one.
    private static let select = """
        SELECT \(columns),
               (SELECT group_concat(tag, ',') FROM
                   (SELECT tag FROM quote_tag WHERE quote_id = q.id ORDER BY position)) AS tags
        FROM quote q WHERE
        """

    // Statements are prepared once per connection and reused: the filters only vary the arguments,
    // so there are a handful of distinct SQL strings.
    static func fetchAll(_ db: Database, where clause: String, arguments: StatementArguments) throws -> [Quote] {
        try Row.fetchAll(db.cachedStatement(sql: "\(select) \(clause)"), arguments: arguments).map(quote(from:))
    }

    /// Streams the matches, for reads too large to hold at once (exports).
    static func fetchCursor(_ db: Database, where clause: String, arguments: StatementArguments) throws -> MapCursor<RowCursor, Quote> {
        try Row.fetchCursor(db.makeStatement(sql: "\(select) \(clause)"), arguments: arguments).map(quote(from:))
    }

    static func fetchOne(_ db: Database, where clause: String, arguments: StatementArguments) throws -> Quote? {
        try Row.fetchOne(db.cachedStatement(sql: "\(select) \(clause)"), arguments: arguments).map(quote(from:))
    }

    private static let liveByID = "q.id = ? AND q.deleted_at IS NULL"

    /// One live quote by id; its columns in `select`'s order (`QuotePointReader` reads them by position).
    static let liveByIDSQL = "\(select) \(liveByID)"
    /// The same without the tags: one B-tree lookup instead of two, for when the tags are known.
    static let liveRowByIDSQL = "SELECT \(columns) FROM quote q WHERE \(liveByID)"

    static func fetchLive(_ db: Database, id: Int64) throws -> Quote? {
        try fetchOne(db, where: liveByID, arguments: [id])
    }

    private static func quote(from row: Row) throws -> Quote {
        try quote(
            id: row["id"], text: row["text"], author: row["author"], source: row["source"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], revision: row["revision"], tags: row["tags"]
        )
    }

    /// A quote from `select`'s columns; `tags` is their comma-joined list.
    static func quote(
        id: Int64, text: String, author: String?, source: String,
        createdAt: String, updatedAt: String, revision: Int64, tags: String?
    ) throws -> Quote {
        guard let parsedSource = QuoteSource(rawValue: source) else {
            throw DatabaseError(message: "quote \(id) has an unknown source '\(source)'")
        }
        return Quote(
            id: id, text: text, author: author,
            tags: tags.map { $0.split(separator: ",").map(String.init) } ?? [],
            source: parsedSource, createdAt: createdAt, updatedAt: updatedAt, revision: revision
        )
    }
}
