/// One page of a list (`GET /quotes`, `/authors`, `/tags`): `next` is the `after` value for the following
/// page, or an explicit null on the last one.
struct Page<Item: Encodable, Cursor: Encodable>: Encodable {
    let items: [Item]
    let next: Cursor?

    private enum Keys: String, CodingKey { case items, next }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(items, forKey: .items)
        try container.encode(next, forKey: .next)  // encode, not encodeIfPresent: null, not absent
    }
}
