/// The filter expressions of the quote reads' `tag` and `author` parameters, as Quotable wrote them:
/// `a,b` means all of the tags, `a|b` any of them; `x|y` any of the authors. The one place that reads them.
public enum FilterExpression {
    /// Terms one parameter may combine: enough for any real query, and a bound on the work of one pick.
    public static let maxTerms = 10

    /// `tag`'s value: one tag, `a,b,…` (all of) or `a|b|…` (any of). Tags cannot hold `,` or `|`, so nothing
    /// else can be meant; mixing both in one value is refused rather than given a precedence nobody expects.
    public static func tags(_ raw: String) throws(FilterExpressionError) -> (tags: [String], match: TagMatch) {
        let hasComma = raw.contains(","), hasBar = raw.contains("|")
        if hasComma && hasBar { throw FilterExpressionError("tag mixes ',' (all of) and '|' (any of); use one of them") }
        let terms = try split(raw, on: hasBar ? "|" : ",", name: "tag")
        return (terms, hasBar ? .any : .all)
    }

    /// `author`'s value: one author or `x|y|…` (any of). Commas belong to names ("King, Jr."), so only `|` splits.
    public static func authors(_ raw: String) throws(FilterExpressionError) -> [String] {
        try split(raw, on: "|", name: "author")
    }

    private static func split(_ raw: String, on separator: Character, name: String) throws(FilterExpressionError) -> [String] {
        let terms = raw.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard !terms.contains(where: \.isEmpty) else {
            throw FilterExpressionError(
                terms.count == 1 ? "\(name) is empty; leave it out to match every quote"
                    : "\(name) has an empty term between or around '\(separator)'"
            )
        }
        guard terms.count <= maxTerms else {
            throw FilterExpressionError("\(name) combines \(terms.count) terms; the limit is \(maxTerms)")
        }
        return terms
    }
}

/// A `tag` or `author` value that is not an expression (HTTP 400).
public struct FilterExpressionError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
