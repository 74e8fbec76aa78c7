/// The body of `POST /quotes/{id}/restore`: `{"revision": N}`, the revision to make current again.
public struct RestoreRequestBody: Sendable {
    public let revision: Int64

    public init(json: [String: JSONValue]) throws(QuoteBodyError) {
        if let unknown = json.keys.sorted().first(where: { $0 != "revision" }) {
            throw QuoteBodyError("unknown field '\(unknown)'; the only field is revision")
        }
        guard let value = json["revision"] else { throw QuoteBodyError("the field 'revision' is missing") }
        guard case .number(let number) = value else {
            throw QuoteBodyError("the field 'revision' must be a number; got \(value.typeName)")
        }
        // Doubles hold every integer up to 2^53 exactly; revisions never come near.
        guard number >= 1, number <= 9_007_199_254_740_991, number.rounded() == number else {
            throw QuoteBodyError(unprocessable: "the field 'revision' must be a whole number of 1 or more; got \(number)")
        }
        revision = Int64(number)
    }
}
