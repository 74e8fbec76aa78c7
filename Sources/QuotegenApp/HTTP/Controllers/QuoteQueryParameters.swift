import Hummingbird

/// Query parameters shared by the quote reads. Each may be given once; a bad value is a 400 that names it.
enum QuoteQueryParameters {
    static let defaultLimit = 20
    static let limits = 1...100
    static let counts = 1...50

    /// `author`, `tag`, `min_length`, `max_length`, and (on listings) `q`.
    static func filter(_ request: Request, allowsText: Bool) throws -> QuoteFilter {
        let filter = QuoteFilter(
            author: try string("author", request),
            tag: try string("tag", request),
            textContains: allowsText ? try string("q", request) : nil,
            minLength: try integer("min_length", request, in: 0...Int(Int32.max)),
            maxLength: try integer("max_length", request, in: 0...Int(Int32.max))
        )
        if let min = filter.minLength, let max = filter.maxLength, min > max {
            throw Problem(.badRequest, "min_length (\(min)) is greater than max_length (\(max))")
        }
        return filter
    }

    static func limit(_ request: Request) throws -> Int {
        try integer("limit", request, in: limits) ?? defaultLimit
    }

    /// `count` of `GET /quotes/random`.
    static func count(_ request: Request) throws -> Int {
        try integer("count", request, in: counts) ?? 1
    }

    static func after(_ request: Request) throws -> Int64? {
        guard let raw = try string("after", request) else { return nil }
        guard let after = Int64(raw), after >= 0 else {
            throw Problem(.badRequest, "after must be a quote id (an integer of 0 or more); got '\(raw)'")
        }
        return after
    }

    static func order(_ request: Request) throws -> QuoteOrder {
        guard let raw = try string("sort", request) else { return .id }
        guard let order = QuoteOrder(rawValue: raw) else {
            let allowed = QuoteOrder.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem(.badRequest, "sort must be one of \(allowed); got '\(raw)'")
        }
        return order
    }

    /// The parameter's value, or nil when absent. Given twice, it is ambiguous: 400.
    static func string(_ name: String, _ request: Request) throws -> String? {
        let values = try QueryString.values(name, in: request)
        guard values.count <= 1 else { throw Problem(.badRequest, "\(name) is given \(values.count) times; give it once") }
        return values.first
    }

    static func integer(_ name: String, _ request: Request, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = try string(name, request) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw Problem(.badRequest, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound); got '\(raw)'")
        }
        return value
    }
}
