import QuotegenCore
/// A quote as the API shows it. `quote` keeps the original service's field name; keys are written in
/// sorted order, `author` and `author_slug` as explicit nulls when absent.
public struct QuoteResource: JSONWritable {
    let quote: Quote

    public init(quote: Quote) {
        self.quote = quote
    }

    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("author") { $0.value(quote.author) }
            json.field("author_slug") { $0.value(quote.authorSlug) }
            json.field("created_at") { $0.string(quote.createdAt) }
            json.field("id") { $0.integer(quote.id) }
            json.field("quote") { $0.string(quote.text) }
            json.field("source") { $0.string(quote.source.rawValue) }
            json.field("tags") { $0.array(quote.tags) { $0.string($1) } }
            json.field("updated_at") { $0.string(quote.updatedAt) }
        }
    }
}
