import Hummingbird
import QuotegenCore
import QuotegenJSON

/// Quotable's author routes under `/quotable/`: the list (`slug` filter, four sort keys, pages), one author by id
/// or slug, and the name search. Authors are thousands where quotes are millions, so the list and the search sort
/// and page `allAuthors()` in memory, with quote counts from the index's tallies.
struct QuotableAuthorsController<Repository: QuoteRepository> {
    let repository: Repository

    func addRoutes(to router: Router<QuotegenRequestContext>) {
        let routes: [(String, @Sendable (Request, QuotegenRequestContext) async throws -> Response)] = [
            ("authors", list), ("authors/slug/:slug", bySlug), ("authors/:id", byID), ("search/authors", search),
        ]
        for (path, handler) in routes {
            router.get(RouterPath("quotable/\(path)"), use: handler)
            router.rejectOtherMethods(on: RouterPath("quotable/\(path)"), allowed: [.get])
        }
    }

    private enum SortKey { case name, dateAdded, dateModified, quoteCount }

    @Sendable func list(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters = try QuotableParameters(request)
        let sort = try parameters.sort([
            ("name", SortKey.name, false), ("dateAdded", .dateAdded, true), ("dateModified", .dateModified, true),
            ("quoteCount", .quoteCount, true),
        ])
        let (limit, offset) = try parameters.paging()
        var authors = try await countedAuthors()
        if let slugs = try parameters.slugs() {
            let wanted = Set(slugs.map { AuthorSlug.base(for: $0) } + slugs)
            authors = authors.filter { wanted.contains($0.author.slug) }
        }
        authors.sort { a, b in
            let ascending: Bool? = switch sort.key {
            case .name: a.author.name == b.author.name ? nil : a.author.name < b.author.name
            case .dateAdded: a.author.createdAt == b.author.createdAt ? nil : a.author.createdAt < b.author.createdAt
            case .dateModified: a.author.updatedAt == b.author.updatedAt ? nil : a.author.updatedAt < b.author.updatedAt
            case .quoteCount: a.quoteCount == b.quoteCount ? nil : a.quoteCount < b.quoteCount
            }
            // Ties by id, in the same direction, so that every page boundary is stable.
            return (ascending ?? (a.author.id < b.author.id)) != sort.descending
        }
        return JSONResponse.makeRevalidated(Self.page(authors, limit: limit, offset: offset), for: request)
    }

    @Sendable func bySlug(_ request: Request, context: some RequestContext) async throws -> Response {
        let slug = context.parameters.get("slug") ?? ""
        guard AuthorSlug.isWellFormed(slug), let author = try await repository.author(slug: slug) else { throw HTTPError(.notFound) }
        return try await response(author)
    }

    @Sendable func byID(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let author = try await QuotableController.author(context.parameters.get("id") ?? "", in: repository) else {
            throw HTTPError(.notFound)
        }
        return try await response(author)
    }

    /// Authors whose name has the query's words: each word of the query is matched against the start of the name's
    /// words (`autocomplete`, the default) or whole words (`autocomplete=false`), case and accents folded; at least
    /// `matchThreshold` of them (default 2, at most as many as there are) must match. Best first: the most words
    /// matched, then a name equal to the query, then by name.
    @Sendable func search(_ request: Request, context: some RequestContext) async throws -> Response {
        let parameters = try QuotableParameters(request)
        let query = try parameters.requiredQuery()
        let terms = Self.words(query)
        let prefix = try parameters.flag("autocomplete") ?? true
        let threshold = min(max(try parameters.integer("matchThreshold") ?? 2, 1), max(terms.count, 1))
        let (limit, offset) = try parameters.paging()
        let folded = query.searchKey
        let scored = try await countedAuthors().compactMap { entry -> (entry: (author: Author, quoteCount: Int), score: Int)? in
            let words = Self.words(entry.author.name)
            let matched = terms.count { term in words.contains { prefix ? $0.hasPrefix(term) : $0 == term } }
            return matched >= threshold ? (entry, matched) : nil
        }
        let ranked = scored.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let aExact = a.entry.author.name.searchKey == folded, bExact = b.entry.author.name.searchKey == folded
            if aExact != bExact { return aExact }
            return a.entry.author.name == b.entry.author.name ? a.entry.author.id < b.entry.author.id : a.entry.author.name < b.entry.author.name
        }
        return JSONResponse.makeRevalidated(Self.page(ranked.map(\.entry), limit: limit, offset: offset), for: request)
    }

    private func response(_ author: Author) async throws -> Response {
        let count = try await repository.quoteCount(matching: QuoteFilter(author: author.key))
        return JSONResponse.make(QuotableAuthorResource(author: author, quoteCount: count), headers: [.eTag: author.etag(quoteCount: count)])
    }

    /// Every author with its live quotes (the index's tallies, keyed as authors are: the folded name).
    private func countedAuthors() async throws -> [(author: Author, quoteCount: Int)] {
        let counts = Dictionary(try await repository.authors().map { ($0.name.searchKey, $0.count) }, uniquingKeysWith: +)
        return try await repository.allAuthors().map { ($0, counts[$0.key] ?? 0) }
    }

    private static func page(
        _ authors: [(author: Author, quoteCount: Int)], limit: Int, offset: Int
    ) -> QuotablePage<QuotableAuthorResource> {
        let start = min(offset, authors.count)
        let results = authors[start..<min(start + limit, authors.count)].map { QuotableAuthorResource(author: $0.author, quoteCount: $0.quoteCount) }
        return QuotablePage(results: results, totalCount: authors.count, limit: limit, offset: offset)
    }

    /// A name's or query's words as the search compares them: folded, split at anything not a letter or digit.
    private static func words(_ text: String) -> [String] {
        text.searchKey.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
