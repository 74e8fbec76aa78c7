import GRDB
import GRDBSQLite
import QuotegenCore

/// The one codec of a quote row on SQLite: the columns every read selects, in their order, how tags travel
/// (comma-joined, in position order), and the mapping to `Quote` and `QuoteSummary`. The pooled reads (by
/// name, through GRDB) and the point reads (by position, through the C API) both decode here;
/// `QuoteRowTests` pins the positions against what SQLite reports for the statement.
enum QuoteRow {
    /// The selected columns, by position.
    enum Column: Int32, CaseIterable {
        case id, text, author, source, createdAt, updatedAt, revision, authorSlug, externalID, tags

        var name: String {
            switch self {
            case .id: "id"
            case .text: "text"
            case .author: "author"
            case .source: "source"
            case .createdAt: "created_at"
            case .updatedAt: "updated_at"
            case .revision: "revision"
            case .authorSlug: "author_slug"
            case .externalID: "external_id"
            case .tags: "tags"
            }
        }

        /// How a read selects it from `quote q`.
        var selected: String {
            switch self {
            // A quote's author is the author row with its key (migration 0015).
            case .authorSlug: "(SELECT slug FROM author WHERE key = q.author_key) AS author_slug"
            default: "q.\(name)"
            }
        }
    }

    /// Every column but the tags, from `quote q`.
    static let rowColumns = Column.allCases.filter { $0 != .tags }.map(\.selected).joined(separator: ", ")

    // Tags hold only letters, digits and '-', so ',' cannot occur in one.
    /// The tags of `quote q`, comma-joined in their order, as the column `tags`.
    static let tagsColumn = """
        (SELECT group_concat(tag, ',') FROM
            (SELECT tag FROM quote_tag WHERE quote_id = q.id ORDER BY position)) AS tags
        """

    /// Every column, tags last.
    static let columns = "\(rowColumns), \(tagsColumn)"

    static func tags(_ joined: String?) -> [String] {
        joined.map { $0.split(separator: ",").map(String.init) } ?? []
    }

    /// A quote from a row of `columns`, read by name.
    static func quote(_ row: Row) throws -> Quote {
        try quote(
            id: row[Column.id.name], text: row[Column.text.name], author: row[Column.author.name],
            source: row[Column.source.name], createdAt: row[Column.createdAt.name],
            updatedAt: row[Column.updatedAt.name], revision: row[Column.revision.name],
            authorSlug: row[Column.authorSlug.name], externalID: row[Column.externalID.name], tags: tags(row[Column.tags.name])
        )
    }

    /// The revision of the current row of a C statement of `columns` (or `rowColumns`).
    static func revision(_ statement: OpaquePointer) -> Int64 {
        sqlite3_column_int64(statement, Column.revision.rawValue)
    }

    /// A quote from the current row of a C statement of `columns` (or of `rowColumns`, with `knownTags`), read
    /// by position.
    static func quote(_ statement: OpaquePointer, knownTags: [String]?) throws -> Quote {
        try quote(
            id: sqlite3_column_int64(statement, Column.id.rawValue),
            text: text(statement, .text) ?? "",
            author: text(statement, .author),
            source: text(statement, .source) ?? "",
            createdAt: text(statement, .createdAt) ?? "",
            updatedAt: text(statement, .updatedAt) ?? "",
            revision: revision(statement),
            authorSlug: text(statement, .authorSlug),
            externalID: text(statement, .externalID),
            tags: knownTags ?? tags(text(statement, .tags))
        )
    }

    /// Column `column` as a string (by its byte length, not up to a NUL), nil for SQL NULL.
    private static func text(_ statement: OpaquePointer, _ column: Column) -> String? {
        guard let bytes = sqlite3_column_text(statement, column.rawValue) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column.rawValue))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private static func quote(
        id: Int64, text: String, author: String?, source: String,
        createdAt: String, updatedAt: String, revision: Int64, authorSlug: String?, externalID: String?, tags: [String]
    ) throws -> Quote {
        guard let parsedSource = QuoteSource(rawValue: source) else {
            throw DatabaseError(message: "quote \(id) has an unknown source '\(source)'")
        }
        return Quote(
            id: id, text: text, author: author, tags: tags,
            source: parsedSource, createdAt: createdAt, updatedAt: updatedAt, revision: revision, authorSlug: authorSlug,
            externalID: externalID
        )
    }

    /// The change feed's statement: every row changed after a change number, deleted ones included, with what an
    /// index keeps of it. Arguments: the change number, the limit.
    static let changesSQL = """
        SELECT q.id, q.change_seq, q.revision, q.deleted_at IS NULL AS live, q.author,
               length(q.text) AS length, \(tagsColumn)
        FROM quote q WHERE q.change_seq > ? ORDER BY q.change_seq LIMIT ?
        """

    /// A change from a row of `changesSQL`.
    static func change(_ row: Row) -> QuoteChange {
        let id: Int64 = row["id"]
        let summary = (row["live"] as Bool)
            ? QuoteSummary(id: id, revision: row["revision"], author: row["author"], tags: tags(row["tags"]), length: row["length"])
            : nil
        return QuoteChange(id: id, changeNumber: row["change_seq"], summary: summary)
    }
}
