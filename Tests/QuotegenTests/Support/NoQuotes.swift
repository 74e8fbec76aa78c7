import Foundation
@testable import QuotegenCore

/// A repository for route discovery: every read finds nothing and every write is refused.
struct NoQuotes: QuoteRepository {
    func randomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote] { [] }
    func quotes(matching filter: QuoteFilter, order: QuoteOrder, afterID: Int64?, offset: Int, limit: Int) async throws -> [Quote] { [] }
    func quote(id: Int64) async throws -> Quote? { nil }
    func dailyQuote(day: String, createdBefore: String) async throws -> Quote? { nil }
    func authors() async throws -> [Tally] { [] }
    func tags() async throws -> [Tally] { [] }
    func create(_ content: QuoteContent, by actor: String) async throws -> Quote { throw QuoteStoreError.duplicate(existingID: 1) }
    func update(id: Int64, by actor: String, _ change: @escaping @Sendable (Quote) throws -> QuoteContent) async throws -> Quote {
        throw QuoteStoreError.notFound(id: id)
    }
    func delete(id: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void) async throws { throw QuoteStoreError.notFound(id: id) }
    func history(of id: Int64, before revision: Int64?, limit: Int) async throws -> [QuoteRevision]? { nil }
    func revisions(after change: Int64, limit: Int) async throws -> [QuoteRevision] { [] }
    func restore(id: Int64, revision: Int64, by actor: String, _ check: @escaping @Sendable (Quote) throws -> Void) async throws -> Quote {
        throw QuoteStoreError.notFound(id: id)
    }
    func quoteCount(matching filter: QuoteFilter) async throws -> Int { 0 }
    func checkReady() async throws {}
    func author(slug: String) async throws -> Author? { nil }
    func author(id: Int64) async throws -> Author? { nil }
    func author(externalID: String) async throws -> Author? { nil }
    func quote(externalID: String) async throws -> Quote? { nil }
    func allAuthors() async throws -> [Author] { [] }
    func updateAuthor(slug: String, _ change: @escaping @Sendable (Author) throws -> AuthorProfile) async throws -> Author {
        throw AuthorStoreError.notFound(slug: slug)
    }
}
