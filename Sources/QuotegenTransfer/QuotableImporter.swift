import Foundation
import QuotegenCore

/// `quotegen import --format quotable QUOTES.json [--authors AUTHORS.json]`: Quotable's data — a JSON array of its
/// quotes (`{_id, content, author, authorSlug, tags, dateAdded, dateModified}`; other fields ignored) and of its
/// authors (`{_id, name, slug, bio, description, link, dateAdded, dateModified}`) — validated like every import and
/// added by the store's `addImported`, idempotently, keeping `_id`s, slugs, tags and dates.
public struct QuotableImporter: Sendable {
    let store: any QuoteStore

    public init(store: any QuoteStore) {
        self.store = store
    }

    /// With `strict`, any rejected entry in either file fails the whole import before anything is written.
    public func importFiles(
        quotes: Data, authors: Data?, strict: Bool,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        let (quotes, quoteRejections) = try Self.quotes(quotes)
        let (authors, authorRejections) = try authors.map(Self.authors) ?? ([], [])
        var report = ImportReport(rejections: quoteRejections, authorRejections: authorRejections)
        if strict, !(quoteRejections.isEmpty && authorRejections.isEmpty) {
            throw StrictImportError(rejections: quoteRejections + authorRejections)
        }
        let total = quotes.count
        let added = try await store.addImported(quotes, authors: authors, batchSize: 5000) { done in progress(done, total) }
        (report.added, report.alreadyStored) = (added.added, added.alreadyStored)
        return report
    }

    static func quotes(_ file: Data) throws -> ([ImportedQuote], [RowRejection]) {
        var quotes: [ImportedQuote] = []
        var rejections: [RowRejection] = []
        var ids = Set<String>()
        for (entry, object) in try entries(file, what: "quotes").enumerated() {
            do {
                let id = try externalID(object)
                guard ids.insert(id).inserted else { throw Rejected("_id '\(id)' appears earlier in the file") }
                var tags: [String] = []
                if let raw = object["tags"] { tags = try strings(raw, field: "tags").map(tag) }
                let content = try QuoteContent(text: try string(object, "content") ?? "", author: try string(object, "author"), tags: tags)
                quotes.append(ImportedQuote(
                    content: content, externalID: id, createdAt: try date(object, "dateAdded"),
                    updatedAt: try date(object, "dateModified"), authorSlug: try string(object, "authorSlug")
                ))
            } catch let error as QuoteValidationError {
                rejections.append(RowRejection(line: entry + 1, reason: error.description, unit: "entry"))
            } catch let error as Rejected {
                rejections.append(RowRejection(line: entry + 1, reason: error.reason, unit: "entry"))
            }
        }
        return (quotes, rejections)
    }

    static func authors(_ file: Data) throws -> ([ImportedAuthor], [RowRejection]) {
        var authors: [ImportedAuthor] = []
        var rejections: [RowRejection] = []
        for (entry, object) in try entries(file, what: "authors").enumerated() {
            do {
                // A name is validated as a quote's author is.
                guard let name = try QuoteContent(text: "-", author: try string(object, "name"), tags: []).author else {
                    throw Rejected("an author needs a name")
                }
                let profile = try AuthorProfile(
                    bio: try string(object, "bio") ?? "", description: try string(object, "description") ?? "", link: try string(object, "link") ?? ""
                )
                authors.append(ImportedAuthor(
                    name: name, externalID: try object["_id"] == nil ? nil : externalID(object), slug: try string(object, "slug"),
                    profile: profile, createdAt: try date(object, "dateAdded"), updatedAt: try date(object, "dateModified")
                ))
            } catch let error as QuoteValidationError {
                rejections.append(RowRejection(line: entry + 1, reason: error.description, unit: "entry"))
            } catch let error as Rejected {
                rejections.append(RowRejection(line: entry + 1, reason: error.reason, unit: "entry"))
            }
        }
        return (authors, rejections)
    }

    /// Why an entry is not imported.
    struct Rejected: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func entries(_ file: Data, what: String) throws -> [[String: Any]] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: file)
        } catch {
            throw TransferError("the \(what) file is not JSON: \(error.localizedDescription)")
        }
        guard let array = parsed as? [Any] else { throw TransferError("the \(what) file must be a JSON array of objects, as Quotable's data is") }
        return try array.enumerated().map { entry, element in
            guard let object = element as? [String: Any] else { throw TransferError("entry \(entry + 1) of the \(what) file is not an object") }
            return object
        }
    }

    private static func externalID(_ object: [String: Any]) throws(Rejected) -> String {
        guard let id = object["_id"] as? String, (1...100).contains(id.count),
              id.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "/" && $0 != "?" && $0 != "#" && $0 != "%" })
        else { throw Rejected("_id must be 1 to 100 visible ASCII characters other than / ? # %") }
        // quotegen's own ids are digits: an imported id of digits only could name two quotes at /quotable/quotes/{id}.
        guard !id.allSatisfy(\.isASCII) || !id.allSatisfy(\.isNumber) else { throw Rejected("_id '\(id)' is digits only, which names quotegen's own ids") }
        return id
    }

    private static func string(_ object: [String: Any], _ field: String) throws(Rejected) -> String? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        guard let string = value as? String else { throw Rejected("\(field) must be a string") }
        return string
    }

    private static func strings(_ value: Any, field: String) throws(Rejected) -> [String] {
        guard let strings = value as? [String] else { throw Rejected("\(field) must be an array of strings") }
        return strings
    }

    /// Quotable's tags are names ("Famous Quotes"); quotegen's are lower-case words joined by `-` (`famous-quotes`).
    private static func tag(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: "-")
    }

    /// Quotable writes days (`2023-04-14`); an RFC 3339 instant is taken too. Stored as quotegen stores instants.
    private static func date(_ object: [String: Any], _ field: String) throws(Rejected) -> String? {
        guard let raw = try string(object, field) else { return nil }
        let day = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash)
        if raw.count == 10, let parsed = try? Date(raw, strategy: day) { return Timestamp.string(from: parsed) }
        for style in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
            if let parsed = try? Date(raw, strategy: style) { return Timestamp.string(from: parsed) }
        }
        throw Rejected("\(field) must be a day (2023-04-14) or an RFC 3339 instant; got '\(raw)'")
    }
}
