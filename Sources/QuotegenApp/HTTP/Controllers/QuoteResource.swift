/// A quote as the API shows it. `quote` keeps the original service's field name.
struct QuoteResource: Encodable {
    let quote: Quote

    private enum Keys: String, CodingKey {
        case id, quote, author, tags, source, createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(quote.id, forKey: .id)
        try container.encode(quote.text, forKey: .quote)
        try container.encode(quote.author, forKey: .author)  // an explicit null when absent
        try container.encode(quote.tags, forKey: .tags)
        try container.encode(quote.source, forKey: .source)
        try container.encode(quote.createdAt, forKey: .createdAt)
        try container.encode(quote.updatedAt, forKey: .updatedAt)
    }
}

/// Quotes without paging: `GET /quotes/random`.
struct QuoteList: Encodable {
    let items: [QuoteResource]
}
