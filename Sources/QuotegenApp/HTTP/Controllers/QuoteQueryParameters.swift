import Hummingbird

/// Query parameters shared by the quote reads.
enum QuoteQueryParameters {
    static let defaultLimit = 20
    static let limits = 1...100

    /// `author`, `tag`, and (on listings) `q`.
    static func filter(_ request: Request, allowsText: Bool) -> QuoteFilter {
        let parameters = request.uri.queryParameters
        return QuoteFilter(
            author: parameters.get("author"),
            tag: parameters.get("tag"),
            textContains: allowsText ? parameters.get("q") : nil
        )
    }

    static func limit(_ request: Request) throws -> Int {
        let parameters = request.uri.queryParameters
        guard let raw = parameters.get("limit") else { return defaultLimit }
        guard let limit = Int(raw), limits.contains(limit) else {
            throw Problem(.badRequest, "limit must be an integer from \(limits.lowerBound) to \(limits.upperBound); got '\(raw)'")
        }
        return limit
    }

    static func after(_ request: Request) throws -> Int64? {
        let parameters = request.uri.queryParameters
        guard let raw = parameters.get("after") else { return nil }
        guard let after = Int64(raw), after >= 0 else {
            throw Problem(.badRequest, "after must be a quote id (an integer of 0 or more); got '\(raw)'")
        }
        return after
    }
}
