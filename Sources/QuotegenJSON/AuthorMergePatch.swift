import QuotegenCore

/// The body of `PATCH /authors/{slug}`, a JSON merge patch (RFC 7396) of the profile: an absent field is kept,
/// null or "" removes it, a string replaces it. The name and slug are not the profile's: a slug never changes.
public struct AuthorMergePatch: Sendable {
    static let fields = ["bio", "description", "link"]

    let bio: String?
    let description: String?
    let link: String?

    public init(json: [String: JSONValue]) throws(QuoteBodyError) {
        try QuoteRequestBody.rejectUnknownFields(json, fields: Self.fields)
        bio = try Self.field(json, "bio")
        description = try Self.field(json, "description")
        link = try Self.field(json, "link")
    }

    private static func field(_ json: [String: JSONValue], _ name: String) throws(QuoteBodyError) -> String? {
        guard let value = json[name] else { return nil }
        return try QuoteRequestBody.optionalString(value, field: name) ?? ""
    }

    /// Checks each field the patch gives before the author is read: a value that could never be stored is a 422
    /// whatever the author holds (and before any `If-Match`).
    public func validateFields() throws(QuoteValidationError) {
        _ = try AuthorProfile(bio: bio ?? "", description: description ?? "", link: link ?? "")
    }

    public func applied(to current: AuthorProfile) throws(QuoteValidationError) -> AuthorProfile {
        try AuthorProfile(bio: bio ?? current.bio, description: description ?? current.description, link: link ?? current.link)
    }
}
