import QuotegenCore

/// The body of `POST /quotes` and `PUT /quotes/{id}`: `{"quote": "…", "author": "…"?, "tags": [...]?}`.
/// An omitted or null author means none; omitted or null tags mean none.
public struct QuoteRequestBody: Sendable {
    static let fields = ["quote", "author", "tags"]

    public let quote: String
    public let author: String?
    public let tags: [String]

    public init(json: [String: JSONValue]) throws(QuoteBodyError) {
        try Self.rejectUnknownFields(json)
        guard let quote = json["quote"] else { throw QuoteBodyError("the field 'quote' is missing") }
        self.quote = try Self.string(quote, field: "quote")
        self.author = try json["author"].flatMap { value throws(QuoteBodyError) in try Self.optionalString(value, field: "author") }
        self.tags = try json["tags"].flatMap { value throws(QuoteBodyError) in try Self.optionalTags(value) } ?? []
    }

    public func content() throws(QuoteValidationError) -> QuoteContent {
        try QuoteContent(text: quote, author: author, tags: tags)
    }

    /// Refuses a body with a field outside `fields`, naming the first unknown one and the known ones.
    static func rejectUnknownFields(_ json: [String: JSONValue], fields: [String] = fields) throws(QuoteBodyError) {
        if let unknown = json.keys.sorted().first(where: { !fields.contains($0) }) {
            throw QuoteBodyError("unknown field '\(unknown)'; the fields are \(fields.joined(separator: ", "))")
        }
    }

    static func string(_ value: JSONValue, field: String) throws(QuoteBodyError) -> String {
        guard case .string(let string) = value else {
            throw QuoteBodyError("the field '\(field)' must be a string; got \(value.typeName)")
        }
        return string
    }

    static func optionalString(_ value: JSONValue, field: String) throws(QuoteBodyError) -> String? {
        if value == .null { return nil }
        return try string(value, field: field)
    }

    static func optionalTags(_ value: JSONValue) throws(QuoteBodyError) -> [String]? {
        switch value {
        case .null:
            return nil
        case .array(let items):
            var tags: [String] = []
            for item in items {
                guard case .string(let tag) = item else {
                    throw QuoteBodyError("the field 'tags' must be an array of strings; it holds \(item.typeName)")
                }
                tags.append(tag)
            }
            return tags
        default:
            throw QuoteBodyError("the field 'tags' must be an array of strings; got \(value.typeName)")
        }
    }
}

/// The body of `PATCH /quotes/{id}`, a JSON merge patch (RFC 7396): an absent field is kept,
/// null removes it (author, tags), a value replaces it. The text cannot be removed.
public struct QuoteMergePatch: Sendable {
    let quote: String?
    let author: String??
    let tags: [String]??

    public init(json: [String: JSONValue]) throws(QuoteBodyError) {
        try QuoteRequestBody.rejectUnknownFields(json)
        if let value = json["quote"] {
            if value == .null { throw QuoteBodyError(unprocessable: "quote cannot be removed; send a new text instead") }
            quote = try QuoteRequestBody.string(value, field: "quote")
        } else {
            quote = nil
        }
        author = try json["author"].map { value throws(QuoteBodyError) in try QuoteRequestBody.optionalString(value, field: "author") }
        tags = try json["tags"].map { value throws(QuoteBodyError) in try QuoteRequestBody.optionalTags(value) }
    }

    /// Checks each field the patch gives by the rules of a quote, before the current quote is read: a value that
    /// could never be stored is a 422 whatever the quote holds (and before any `If-Match`).
    public func validateFields() throws(QuoteValidationError) {
        _ = try QuoteContent(text: quote ?? "placeholder", author: author ?? nil, tags: (tags ?? nil) ?? [])
    }

    public func applied(to current: Quote) throws(QuoteValidationError) -> QuoteContent {
        try QuoteContent(
            text: quote ?? current.text,
            author: author ?? current.author,
            tags: (tags ?? current.tags) ?? []
        )
    }
}

/// Why a quote body was refused, before any validation of the quote itself: malformed (HTTP 400, a rejected
/// jsonl row) or, for a merge patch that removes the text, unprocessable (422).
public struct QuoteBodyError: Error, Equatable {
    public let detail: String
    public let isUnprocessable: Bool

    init(_ detail: String) {
        self.detail = detail
        self.isUnprocessable = false
    }

    init(unprocessable detail: String) {
        self.detail = detail
        self.isUnprocessable = true
    }
}
