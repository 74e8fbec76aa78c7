import Hummingbird
import QuotegenCore

/// Quotable's query parameters, read as Quotable reads them: a number out of range is clamped and one that is
/// not a number is the default (so an app written against api.quotable.io gets what it got there), while a
/// parameter given twice, or several authors joined by `,`, is a 400. Names are Quotable's (`maxLength`, `tags`,
/// `sortBy`, …).
struct QuotableParameters {
    static let listLimits = 1...150
    static let randomLimits = 1...50
    static let defaultListLimit = 20

    private let query: QuoteQueryParameters

    init(_ request: Request) throws {
        query = try QuoteQueryParameters(request)
    }

    /// What the quote filters ask for, with authors still to resolve (`QuotableAuthors`): `tags` (`a,b` all of,
    /// `a|b` any of; the bar wins when both appear, as in Quotable; case and spaces or `-` between words do not
    /// matter), `minLength`, `maxLength`.
    func filter() throws -> QuoteFilter {
        var tags: [String] = []
        var match = TagMatch.all
        if let raw = try query.string("tags") {
            match = raw.contains("|") ? .any : .all
            tags = raw.split(separator: match == .any ? "|" : ",")
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased().split(separator: " ").joined(separator: "-") }
                .filter { !$0.isEmpty }
            guard tags.count <= FilterExpression.maxTerms else {
                throw Problem(.badRequest, "tags has \(tags.count) tags; the limit is \(FilterExpression.maxTerms)")
            }
            // Every term was empty (`tags=,`): Quotable asks for quotes with no tags at all, which it has none of.
            if tags.isEmpty { tags = [""] }
        }
        return QuoteFilter(
            authors: [], tags: tags, tagMatch: match,
            minLength: try number("minLength").map { max($0, 0) }, maxLength: try number("maxLength").map { max($0, 0) }
        )
    }

    /// `author`: names or slugs joined by `|`; nil when absent. A `,` is refused as Quotable refuses it.
    func authors() throws -> [String]? {
        guard let raw = try query.string("author") else { return nil }
        guard !raw.contains(",") else { throw Problem(.badRequest, "Multiple authors should be separated by a pipe.") }
        return try terms(raw, name: "author")
    }

    /// `authorId`: author ids joined by `|`; nil when absent.
    func authorIDs() throws -> [String]? {
        try query.string("authorId").map { try terms($0, name: "authorId") }
    }

    /// `slug` of `/authors` (or `slugs`, or `name`, as Quotable reads them): slugs or names joined by `|` (or `,`);
    /// nil when absent.
    func slugs() throws -> [String]? {
        guard let raw = try query.string("slug") ?? query.string("slugs") ?? query.string("name") else { return nil }
        return try terms(raw.replacingOccurrences(of: ",", with: "|"), name: "slug")
    }

    /// `limit` of `/quotes/random`: 1 to 50, default 1.
    func randomLimit() throws -> Int {
        try number("limit").map { $0.clamped(to: Self.randomLimits) } ?? 1
    }

    /// `limit` (1 to 150, default 20) of the listings, and how many results come before the page: `page` (1-based,
    /// default 1) pages before it, or Quotable's `skip` (results to skip) in its place when given, as there.
    func paging() throws -> (limit: Int, offset: Int) {
        let limit = try number("limit").map { $0.clamped(to: Self.listLimits) } ?? Self.defaultListLimit
        if let skip = try number("skip").map({ max($0, 0) }) { return (limit, skip) }
        let page = try number("page").map { max($0, 1) } ?? 1
        return (limit, (page - 1) * limit)
    }

    /// `sortBy` among `keys` (its first is the default; an unknown value is the default, as in Quotable), and
    /// `order` (`asc`/`desc`, `ascending`/`descending`, `1`/`-1`; also named `sortOrder`), whose default is the key's.
    /// A `sortBy` in `refused` (Quotable's, that quotegen cannot serve) is a 400 with its reason.
    func sort<Key>(
        _ keys: [(name: String, key: Key, descendingByDefault: Bool)], refusing refused: [String: String] = [:]
    ) throws -> (key: Key, descending: Bool) {
        let raw = try query.string("sortBy")
        if let raw, let reason = refused[raw] { throw Problem(.badRequest, reason) }
        let chosen = keys.first { $0.name == raw } ?? keys[0]
        let order = try query.string("order") ?? query.string("sortOrder")
        let descending = switch order {
        case "asc", "ascending", "1": false
        case "desc", "descending", "-1": true
        default: chosen.descendingByDefault
        }
        return (chosen.key, descending)
    }

    /// `query` of the search routes; Quotable's 422 when it is absent or blank.
    func requiredQuery() throws -> String {
        guard let query = try query.string("query"), !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(.unprocessableContent, "Missing required parameter: `query`")
        }
        return query
    }

    /// A boolean as Quotable reads one (`true`/`false`, `1`/`0`, `yes`/`no`); nil when absent or anything else.
    func flag(_ name: String) throws -> Bool? {
        switch try query.string(name)?.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    /// An integer parameter read like `limit` (leading digits; nil when there are none).
    func integer(_ name: String) throws -> Int? { try number(name) }

    private func terms(_ raw: String, name: String) throws -> [String] {
        let terms = raw.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard terms.count <= FilterExpression.maxTerms else {
            throw Problem(.badRequest, "\(name) has \(terms.count) values; the limit is \(FilterExpression.maxTerms)")
        }
        return terms
    }

    /// An integer as JavaScript's `parseInt` reads one: leading digits (with a sign), anything after them ignored;
    /// nil (the default) when there are none.
    private func number(_ name: String) throws -> Int? {
        guard let raw = try query.string(name) else { return nil }
        var rest = Substring(raw.trimmingCharacters(in: .whitespaces))
        var sign = 1
        if rest.first == "-" || rest.first == "+" {
            sign = rest.first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        // Beyond a trillion every bound here is exceeded anyway; saturating keeps page × limit far from overflow.
        return sign * (digits.count > 12 ? 999_999_999_999 : Int(digits)!)
    }
}

extension Int {
    func clamped(to range: ClosedRange<Int>) -> Int { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
