import Hummingbird

/// Query parameters shared by the quote reads, read from the query string once per request (`QueryString`).
/// Each may be given once; a bad value is a 400 that names it.
struct QuoteQueryParameters {
    static let defaultLimit = 20
    static let limits = 1...100
    static let counts = 1...50

    private let pairs: [(name: String, value: String)]

    init(_ request: Request) throws(Problem) {
        guard let query = request.uri.query, !query.isEmpty else {
            pairs = []
            return
        }
        pairs = try QueryString.pairs(query)
    }

    /// `author`, `tag`, `min_length`, `max_length`, and (on listings) `q`.
    func filter(allowsText: Bool) throws -> QuoteFilter {
        let filter = QuoteFilter(
            author: try string("author"),
            tag: try string("tag"),
            textContains: allowsText ? try string("q") : nil,
            minLength: try integer("min_length", in: 0...Int(Int32.max)),
            maxLength: try integer("max_length", in: 0...Int(Int32.max))
        )
        if let min = filter.minLength, let max = filter.maxLength, min > max {
            throw Problem(.badRequest, "min_length (\(min)) is greater than max_length (\(max))")
        }
        return filter
    }

    func limit() throws -> Int {
        try integer("limit", in: Self.limits) ?? Self.defaultLimit
    }

    /// `count` of `GET /quotes/random`.
    func count() throws -> Int {
        try integer("count", in: Self.counts) ?? 1
    }

    func after() throws -> Int64? {
        guard let raw = try string("after") else { return nil }
        guard let after = Int64(raw), after >= 0 else {
            throw Problem(.badRequest, "after must be a quote id (an integer of 0 or more); got '\(raw)'")
        }
        return after
    }

    func order() throws -> QuoteOrder {
        guard let raw = try string("sort") else { return .id }
        guard let order = QuoteOrder(rawValue: raw) else {
            let allowed = QuoteOrder.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem(.badRequest, "sort must be one of \(allowed); got '\(raw)'")
        }
        return order
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
