import QuotegenCore
extension SearchText {
    /// The FTS5 query for these terms. Every term is a double-quoted string (FTS5's literal), and the words hold
    /// only letters, digits and marks, so nothing a user types can become an FTS5 operator, column filter or
    /// syntax error: `AND`, `NEAR(`, `a:b` and `*` are searched as text.
    var fts5Expression: String {
        terms.map { term in
            switch term {
            case .prefix(let words): "\"\(words.joined(separator: " "))\"*"
            case .phrase(let words): "\"\(words.joined(separator: " "))\""
            }
        }.joined(separator: " ")
    }
}
