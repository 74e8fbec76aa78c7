import PostgresNIO
import QuotegenCore

/// The one place that maps a `quote` row to a `Quote` on PostgreSQL: the columns every read selects, in the order
/// `decode` reads them, and the change feed's row.
enum PostgresQuoteRow {
    /// What every quote read selects, from `quote q`.
    static let columns = """
        q.id, q.text, q.author, q.tags, q.source, q.created_at, q.updated_at, q.revision, \
        (SELECT a.slug FROM author a WHERE a.key = q.author_key) AS author_slug, q.external_id
        """

    typealias Columns = (Int64, String, String?, [String], String, String, String, Int64, String?, String?)

    static func quote(_ row: PostgresRow) throws -> Quote {
        quote(try row.decode(Columns.self))
    }

    private static func quote(_ columns: Columns) -> Quote {
        let (id, text, author, tags, source, createdAt, updatedAt, revision, authorSlug, externalID) = columns
        return Quote(
            id: id, text: text, author: author, tags: tags, source: QuoteSource(rawValue: source) ?? .api,
            createdAt: createdAt, updatedAt: updatedAt, revision: revision, authorSlug: authorSlug, externalID: externalID
        )
    }

    static func quotes(_ rows: PostgresRowSequence) async throws -> [Quote] {
        var quotes: [Quote] = []
        for try await row in rows { quotes.append(try quote(row)) }
        return quotes
    }

    /// A row of `columns` followed by `q.deleted_at`, tombstones included (`quotegen copy`).
    static func stored(_ row: PostgresRow) throws -> StoredQuote {
        let (id, text, author, tags, source, createdAt, updatedAt, revision, authorSlug, externalID, deletedAt) =
            try row.decode((Int64, String, String?, [String], String, String, String, Int64, String?, String?, String?).self)
        return StoredQuote(
            quote: quote((id, text, author, tags, source, createdAt, updatedAt, revision, authorSlug, externalID)), deletedAt: deletedAt
        )
    }

    /// The change feed: every row changed after a change number, deleted ones included.
    static let changesSQL = """
        SELECT id, change_seq, revision, author, tags, char_length(text), deleted_at IS NOT NULL
        FROM quote WHERE change_seq > $1 ORDER BY change_seq LIMIT $2
        """

    static func change(_ row: PostgresRow) throws -> QuoteChange {
        let (id, changeNumber, revision, author, tags, length, deleted) = try row.decode((Int64, Int64, Int64, String?, [String], Int32, Bool).self)
        let summary = deleted ? nil : QuoteSummary(id: id, revision: revision, author: author, tags: tags, length: Int(length))
        return QuoteChange(id: id, changeNumber: changeNumber, summary: summary)
    }
}

/// A statement with numbered parameters, assembled piece by piece: `bind` appends a value and returns its
/// placeholder, so that conditions can be added in any order without counting.
struct SQLStatement {
    var sql = ""
    var binds = PostgresBindings()

    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
