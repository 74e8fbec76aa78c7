import QuotegenCore

/// An author's profile as `GET /authors/{slug}` shows it, with how many live quotes name the author now.
/// Keys in sorted order; an empty bio, description or link is an explicit null.
public struct AuthorResource: JSONWritable {
    let author: Author
    let quoteCount: Int

    public init(author: Author, quoteCount: Int) {
        self.author = author
        self.quoteCount = quoteCount
    }

    public func write(to json: inout JSONWriter) {
        let profile = author.profile
        json.object { json in
            json.field("bio") { $0.value(profile.bio.isEmpty ? nil : profile.bio) }
            json.field("created_at") { $0.string(author.createdAt) }
            json.field("description") { $0.value(profile.description.isEmpty ? nil : profile.description) }
            json.field("link") { $0.value(profile.link.isEmpty ? nil : profile.link) }
            json.field("name") { $0.string(author.name) }
            json.field("quote_count") { $0.integer(quoteCount) }
            json.field("slug") { $0.string(author.slug) }
            json.field("updated_at") { $0.string(author.updatedAt) }
        }
    }
}
