import QuotegenJSON
/// One page of a list (`GET /quotes`, `/authors`, `/tags`): `next` is the `after` value for the following
/// page, or an explicit null on the last one. `total`, when asked for, counts every item of the list, not the page.
struct Page<Item: JSONWritable, Cursor: JSONWritable>: JSONWritable {
    let items: [Item]
    let next: Cursor?
    var total: Int? = nil

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("items") { $0.array(items) { $0.value($1) } }
            json.field("next") { $0.value(next) }
            if let total { json.field("total") { $0.integer(total) } }
        }
    }
}
