import Hummingbird

/// The two representations a quote has, and how `Accept` (RFC 9110 §12.5.1) chooses between them.
enum QuoteMediaType {
    case json
    case plainText

    /// The preferred representation for `accept`: the highest q-value wins, JSON on a tie, JSON without
    /// the header. Throws a 406 when `accept` allows neither.
    static func negotiate(_ accept: String?) throws -> QuoteMediaType {
        guard let accept, !accept.allSatisfy(\.isWhitespace) else { return .json }
        var json = 0.0
        var text = 0.0
        // The most specific range decides each type's q-value: `text/plain;q=0` beats `*/*`.
        var jsonSpecificity = -1
        var textSpecificity = -1
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingWhitespace().lowercased() }
            guard let mediaRange = parts.first, !mediaRange.isEmpty else { continue }
            let quality = parts.dropFirst().compactMap { parameter -> Double? in
                guard parameter.hasPrefix("q=") else { return nil }
                return Double(parameter.dropFirst(2))
            }.first ?? 1
            for (type, specificity) in [("application/json", 2), ("application/*", 1), ("text/plain", 2), ("text/*", 1), ("*/*", 0)]
            where mediaRange == type {
                if type.hasPrefix("application") || type == "*/*", specificity > jsonSpecificity {
                    json = quality
                    jsonSpecificity = specificity
                }
                if type.hasPrefix("text") || type == "*/*", specificity > textSpecificity {
                    text = quality
                    textSpecificity = specificity
                }
            }
        }
        if json <= 0, text <= 0 {
            throw Problem(.notAcceptable, "this resource is available as application/json or text/plain; Accept allows neither")
        }
        return text > json ? .plainText : .json
    }
}
