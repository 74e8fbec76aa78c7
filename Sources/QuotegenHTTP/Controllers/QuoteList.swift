import QuotegenJSON

/// Quotes without paging: `GET /quotes/random`.
struct QuoteList: JSONWritable {
    let items: [QuoteResource]

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("items") { $0.array(items) { $0.value($1) } }
        }
    }
}
