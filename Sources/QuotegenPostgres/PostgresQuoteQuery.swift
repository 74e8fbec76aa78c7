import PostgresNIO
import QuotegenCore

/// The SQL that reads quotes on PostgreSQL: the filters as one condition on `quote q`, and a listing's page.
enum PostgresQuoteQuery {
    /// Live quotes matching `filter`, appended to `statement` as a condition on `q`.
    static func condition(_ filter: QuoteFilter, into statement: inout SQLStatement) {
        statement.sql += "q.deleted_at IS NULL"
        let authorKeys = filter.authorKeys
        if authorKeys.count == 1 {
            statement.sql += " AND q.author_key = \(statement.bind(authorKeys[0]))"
        } else if !authorKeys.isEmpty {
            statement.sql += " AND q.author_key = ANY(\(statement.bind(authorKeys))::text[])"
        }
        if !filter.tags.isEmpty {
            // Both are answered by the GIN index on tags: contains all (`@>`), shares any (`&&`).
            statement.sql += " AND q.tags \(filter.tagMatch == .all ? "@>" : "&&") \(statement.bind(filter.tags))::text[]"
        }
        if let search = filter.search {
            statement.sql += " AND q.search @@ \(searchQuery(search, into: &statement))"
        }
        if let minLength = filter.minLength {
            statement.sql += " AND char_length(q.text) >= \(statement.bind(minLength))"
        }
        if let maxLength = filter.maxLength {
            statement.sql += " AND char_length(q.text) <= \(statement.bind(maxLength))"
        }
    }

    /// `q` as a tsquery over `quotegen_search_vector`: each term's words follow each other (`<->`), the last
    /// word of an unquoted term is a prefix (`:*`), and all terms must hold (`&`). Words are folded by the same
    /// function as the texts, and quoted, so that nothing in them is read as tsquery syntax.
    static func searchQuery(_ search: SearchText, into statement: inout SQLStatement) -> String {
        let text = search.terms.map { term -> String in
            let (words, prefix) = switch term {
            case .prefix(let words): (words, true)
            case .phrase(let words): (words, false)
            }
            let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
            return "(" + quoted.joined(separator: " <-> ") + (prefix ? ":*" : "") + ")"
        }.joined(separator: " & ")
        return "to_tsquery('simple', quotegen_fold(\(statement.bind(text))))"
    }

    /// Where a page starts: after the quote with this id, at this creation time, or at this relevance.
    struct Cursor {
        let id: Int64
        var createdAt = ""
        var rank = 0.0
        /// The `author` or `text` order's key (`sortKey`).
        var key = ""
    }

    /// What the `author` and `text` orders sort by before the id, in byte order: exactly the expressions that
    /// migration 0005 indexes, so that a listing walks those indexes. The same order as SQLite's.
    static func sortKey(_ order: QuoteOrder) -> String? {
        switch order {
        case .author, .authorDescending: #"(coalesce(q.author_key, '') COLLATE "C")"#
        case .text, .textDescending: #"(left(q.text, \#(QuoteOrder.textKeyLength)) COLLATE "C")"#
        case .id, .idDescending, .createdAt, .createdAtDescending, .relevance: nil
        }
    }

    /// One page of a listing, ordered and limited, after skipping `offset` matches. `.relevance` needs
    /// `filter.search`: best first by `ts_rank` (kept negated, so that every order's cursor compares with `>` or `<`
    /// the same way), then by id.
    static func page(_ filter: QuoteFilter, order: QuoteOrder, after cursor: Cursor?, limit: Int, offset: Int = 0) -> SQLStatement {
        var statement = SQLStatement()
        var rank = ""
        if order == .relevance, let search = filter.search {
            var rankStatement = statement
            rank = rankExpression(searchQuery(search, into: &rankStatement))
            statement = rankStatement
        }
        // Skipped rows are stepped over by an inner query that computes none of the row's columns (its author
        // slug is a subquery per row), then the page's rows are read.
        statement.sql = (offset > 0 ? "SELECT q.* FROM quote q WHERE " : "SELECT \(PostgresQuoteRow.columns) FROM quote q WHERE ") + statement.sql
        condition(filter, into: &statement)
        if let cursor {
            switch order {
            case .id:
                statement.sql += " AND q.id > \(statement.bind(cursor.id))"
            case .idDescending:
                statement.sql += " AND q.id < \(statement.bind(cursor.id))"
            case .createdAt, .createdAtDescending:
                let created = statement.bind(cursor.createdAt)
                statement.sql += " AND (q.created_at, q.id) \(order == .createdAt ? ">" : "<") (\(created), \(statement.bind(cursor.id)))"
            case .author, .authorDescending, .text, .textDescending:
                let key = statement.bind(cursor.key)
                statement.sql += " AND (\(sortKey(order)!), q.id) \(order.isDescending ? "<" : ">") (\(key), \(statement.bind(cursor.id)))"
            case .relevance:
                let position = statement.bind(cursor.rank)
                statement.sql += " AND (\(rank), q.id) > (\(position), \(statement.bind(cursor.id)))"
            }
        }
        let sort = switch order {
        case .id: "q.id"
        case .idDescending: "q.id DESC"
        case .createdAt: "q.created_at, q.id"
        case .createdAtDescending: "q.created_at DESC, q.id DESC"
        case .author, .text: "\(sortKey(order)!), q.id"
        case .authorDescending, .textDescending: "\(sortKey(order)!) DESC, q.id DESC"
        case .relevance: "\(rank), q.id"
        }
        statement.sql += " ORDER BY \(sort) LIMIT \(statement.bind(limit))"
        if offset > 0 {
            statement.sql = "SELECT \(PostgresQuoteRow.columns) FROM (\(statement.sql) OFFSET \(statement.bind(offset))) q ORDER BY \(sort)"
        }
        return statement
    }

    /// Relevance as pages sort and cursors compare it, lowest first: `ts_rank` with its length normalisation 1
    /// (divided by 1 + the log of the text's length in words), the nearest to SQLite's bm25, negated.
    static func rankExpression(_ query: String) -> String { "(-ts_rank(q.search, \(query), 1)::float8)" }

    /// Where quote `id` stands in the relevance order of `search` (as `page` compares it); nil when it does not match.
    static func rank(of id: Int64, in search: SearchText) -> SQLStatement {
        var statement = SQLStatement()
        let query = searchQuery(search, into: &statement)
        statement.sql = "SELECT \(rankExpression(query)) FROM quote q WHERE q.deleted_at IS NULL AND q.search @@ \(query) AND q.id = \(statement.bind(id))"
        return statement
    }
}
