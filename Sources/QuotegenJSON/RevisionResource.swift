import QuotegenCore

/// One history entry as the API shows it (`GET /quotes/{id}/history`, `GET /changes`): keys in sorted order, the
/// content under `quote` in the fields a quote is written with.
public struct RevisionResource: JSONWritable {
    let revision: QuoteRevision

    public init(_ revision: QuoteRevision) {
        self.revision = revision
    }

    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("action") { $0.string(revision.action.rawValue) }
            json.field("actor") { $0.string(revision.actor) }
            json.field("at") { $0.string(revision.at) }
            json.field("author") { $0.value(revision.content.author) }
            json.field("change") { $0.integer(revision.change) }
            json.field("deleted") { $0.bool(revision.deleted) }
            json.field("id") { $0.integer(revision.quoteID) }
            json.field("quote") { $0.string(revision.content.text) }
            json.field("revision") { $0.integer(revision.revision) }
            json.field("tags") { $0.array(revision.content.tags) { $0.string($1) } }
        }
    }
}
