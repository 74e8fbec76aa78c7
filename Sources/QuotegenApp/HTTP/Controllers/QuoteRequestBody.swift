/// The body of `POST /quotes` and `PUT /quotes/{id}`: `{"quote": "…", "author": "…"?, "tags": [...]?}`.
/// An omitted or null author means none; omitted or null tags mean none.
struct QuoteRequestBody {
    static let fields = ["quote", "author", "tags"]

    let quote: String
    let author: String?
    let tags: [String]

    init(json: [String: JSONValue]) throws(Problem) {
        try Self.rejectUnknownFields(json)
        guard let quote = json["quote"] else { throw Problem(.badRequest, "the field 'quote' is missing") }
        self.quote = try Self.string(quote, field: "quote")
        self.author = try json["author"].flatMap { value throws(Problem) in try Self.optionalString(value, field: "author") }
        self.tags = try json["tags"].flatMap { value throws(Problem) in try Self.optionalTags(value) } ?? []
    }

    func content() throws(QuoteValidationError) -> QuoteContent {
        try QuoteContent(text: quote, author: author, tags: tags)
    }

    static func rejectUnknownFields(_ json: [String: JSONValue]) throws(Problem) {
        if let unknown = json.keys.sorted().first(where: { !fields.contains($0) }) {
            throw Problem(.badRequest, "unknown field '\(unknown)'; the fields are \(fields.joined(separator: ", "))")
        }
    }

    static func string(_ value: JSONValue, field: String) throws(Problem) -> String {
        guard case .string(let string) = value else {
            throw Problem(.badRequest, "the field '\(field)' must be a string; got \(value.typeName)")
        }
        return string
    }

    static func optionalString(_ value: JSONValue, field: String) throws(Problem) -> String? {
        if value == .null { return nil }
        return try string(value, field: field)
    }

    static func optionalTags(_ value: JSONValue) throws(Problem) -> [String]? {
        switch value {
        case .null:
            return nil
        case .array(let items):
            var tags: [String] = []
            for item in items {
                guard case .string(let tag) = item else {
                    throw Problem(.badRequest, "the field 'tags' must be an array of strings; it holds \(item.typeName)")
                }
                tags.append(tag)
            }
            return tags
        default:
            throw Problem(.badRequest, "the field 'tags' must be an array of strings; got \(value.typeName)")
        }
    }
}

/// The body of `PATCH /quotes/{id}`, a JSON merge patch (RFC 7396): an absent field is kept,
/// null removes it (author, tags), a value replaces it. The text cannot be removed.
struct QuoteMergePatch {
    let quote: String?
    let author: String??
    let tags: [String]??

    init(json: [String: JSONValue]) throws(Problem) {
        try QuoteRequestBody.rejectUnknownFields(json)
        if let value = json["quote"] {
            if value == .null { throw Problem(.unprocessableContent, "quote cannot be removed; send a new text instead") }
            quote = try QuoteRequestBody.string(value, field: "quote")
        } else {
            quote = nil
        }
        author = try json["author"].map { value throws(Problem) in try QuoteRequestBody.optionalString(value, field: "author") }
        tags = try json["tags"].map { value throws(Problem) in try QuoteRequestBody.optionalTags(value) }
    }

    /// Checks each field the patch gives by the rules of a quote, before the current quote is read: a value that
    /// could never be stored is a 422 whatever the quote holds (and before any `If-Match`).
    func validateFields() throws(QuoteValidationError) {
        _ = try QuoteContent(text: quote ?? "placeholder", author: author ?? nil, tags: (tags ?? nil) ?? [])
    }

    func applied(to current: Quote) throws(QuoteValidationError) -> QuoteContent {
        try QuoteContent(
            text: quote ?? current.text,
            author: author ?? current.author,
            tags: (tags ?? current.tags) ?? []
        )
    }
}
