import Hummingbird
import QuotegenCore

/// Query parameters shared by the quote reads, read from the query string once per request (`QueryString`).
/// Each may be given once; a bad value is a 400 that names it.
struct QuoteQueryParameters {
    static let defaultLimit = 20
    static let limits = 1...100
    static let counts = 1...50

    private let pairs: [(name: String, value: String)]

    init(_ request: Request) throws(Problem) {
        try self.init(query: request.uri.query)
    }

    init(query: String?) throws(Problem) {
        guard let query, !query.isEmpty else {
            pairs = []
            return
        }
        pairs = try QueryString.pairs(query)
    }

    /// `author`, `tag`, `min_length`, `max_length`, and (on listings) `q`. `tag` and `author` may combine terms
    /// (`FilterExpression`). Bounds that no length fits (`min_length` above `max_length`) are a filter that
    /// matches nothing, like any other.
    func filter(allowsText: Bool) throws -> QuoteFilter {
        do {
            let tags = try string("tag").map(FilterExpression.tags)
            return QuoteFilter(
                authors: try string("author").map(FilterExpression.authors) ?? [],
                tags: tags?.tags ?? [], tagMatch: tags?.match ?? .all,
                search: allowsText ? try search() : nil,
                minLength: try integer("min_length", in: 0...Int(Int32.max)),
                maxLength: try integer("max_length", in: 0...Int(Int32.max))
            )
        } catch let error as FilterExpressionError {
            throw Problem(.badRequest, error.description)
        }
    }

    /// `author_slug`: one author's slug, or several joined by `|` (any of them); nil when absent.
    func authorSlugs() throws -> [String]? {
        guard let raw = try string("author_slug") else { return nil }
        let slugs = raw.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard slugs.count <= FilterExpression.maxTerms else {
            throw Problem(.badRequest, "author_slug has \(slugs.count) slugs; the limit is \(FilterExpression.maxTerms)")
        }
        if let bad = slugs.first(where: { !AuthorSlug.isWellFormed($0) }) {
            throw Problem(.badRequest, "author_slug: '\(bad)' is not a slug (lower-case letters and digits in words joined by '-', such as albert-einstein)")
        }
        return slugs
    }

    private func search() throws -> SearchText? {
        guard let q = try string("q") else { return nil }
        do {
            return try SearchText(q)
        } catch {
            throw Problem(.badRequest, "q is \(error.length) characters long; search with at most \(SearchText.maximumLength)")
        }
    }

    func limit() throws -> Int {
        try integer("limit", in: Self.limits) ?? Self.defaultLimit
    }

    /// `count` of `GET /quotes/random`.
    func count() throws -> Int {
        try integer("count", in: Self.counts) ?? 1
    }

    /// `total`: whether a listing also counts every match (`true` or `false`; absent is `false`).
    func total() throws -> Bool {
        switch try string("total") {
        case nil, "false": false
        case "true": true
        case let other?: throw Problem(.badRequest, "total must be true or false; got '\(other)'")
        }
    }

    func after() throws -> Int64? {
        guard let raw = try string("after") else { return nil }
        guard let after = Int64(raw), after >= 0 else {
            throw Problem(.badRequest, "after must be a quote id (an integer of 0 or more); got '\(raw)'")
        }
        return after
    }

    /// `sort`: by id unless there is a search, which lists the best matches first. Without a search every quote is
    /// as relevant as any other, so `relevance` is the tie-break alone: by id.
    func order(searching: Bool) throws -> QuoteOrder {
        guard let raw = try string("sort") else { return searching ? .relevance : .id }
        guard let order = QuoteOrder(rawValue: raw) else {
            let allowed = QuoteOrder.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem(.badRequest, "sort must be one of \(allowed); got '\(raw)'")
        }
        return order == .relevance && !searching ? .id : order
    }

    /// The parameter's value, or nil when absent. Given twice, it is ambiguous: 400.
    func string(_ name: String) throws -> String? {
        let values = pairs.filter { $0.name == name }.map(\.value)
        guard values.count <= 1 else { throw Problem(.badRequest, "\(name) is given \(values.count) times; give it once") }
        return values.first
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = try string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw Problem(.badRequest, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound); got '\(raw)'")
        }
        return value
    }
}
