import Hummingbird

/// The `{id}` of a quote URL.
enum QuoteID {
    static func parse(_ context: some RequestContext) throws -> Int64 {
        let raw = context.parameters.get("id") ?? ""
        // One URL per quote: `+1` and `01` are not other names for 1.
        guard let id = Int64(raw), String(id) == raw else {
            throw Problem(.badRequest, "the quote id must be an integer written plainly (no sign, no leading zeros); got '\(raw)'")
        }
        return id
    }
}
