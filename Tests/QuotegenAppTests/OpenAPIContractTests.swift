import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QuotegenApp

@Suite(.timeLimit(.minutes(1))) struct OpenAPIContractTests {
    /// Every (method, path) the document describes, paths in OpenAPI's `{id}` form.
    private var documented: Set<String> {
        get throws {
            let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as! [String: Any]
            let paths = document["paths"] as! [String: [String: Any]]
            let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
            return Set(paths.flatMap { path, item in
                item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
        }
    }

    /// The router's routes that answer something other than the 405 that `rejectOtherMethods` registers.
    private func served() async throws -> Set<String> {
        let router = buildRouter(repository: NoQuotes(), adminToken: BearerToken(adminSecret), now: { Date() })
        let routes = router.routes.map { (method: $0.method, path: $0.path.description) }
        let app = Application(router: router)
        return try await app.test(.router) { client in
            var served = Set<String>()
            for route in routes {
                let openAPIPath = route.path.replacing(/:(\w+)/) { "{\($0.1)}" }
                let concrete = route.path.replacing(/:(\w+)/) { _ in "1" }
                let response = try await client.execute(uri: concrete, method: route.method, headers: adminHeaders())
                if response.status != .methodNotAllowed { served.insert("\(route.method.rawValue) \(openAPIPath)") }
            }
            return served
        }
    }

    @Test func theDocumentDescribesExactlyTheRoutesTheRouterServes() async throws {
        let served = try await served()
        let documented = try documented
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        #expect(served.count > 10)
    }

    @Test func theServerServesTheDocument() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(try response.json["openapi"] as? String == "3.1.0")
        }
    }
}

/// A repository for route discovery: every read finds nothing and every write is refused.
private struct NoQuotes: QuoteRepository {
    func randomQuotes(matching filter: QuoteFilter, count: Int) async throws -> [Quote] { [] }
    func quotes(matching filter: QuoteFilter, order: QuoteOrder, afterID: Int64?, limit: Int) async throws -> [Quote] { [] }
    func quote(id: Int64) async throws -> Quote? { nil }
    func dailyQuote(day: String, createdBefore: String) async throws -> Quote? { nil }
    func authors() async throws -> [Tally] { [] }
    func tags() async throws -> [Tally] { [] }
    func create(_ content: QuoteContent) async throws -> Quote { throw QuoteStoreError.duplicate(existingID: 1) }
    func update(id: Int64, _ change: @escaping @Sendable (Quote) throws -> QuoteContent) async throws -> Quote {
        throw QuoteStoreError.notFound(id: id)
    }
    func delete(id: Int64, _ check: @escaping @Sendable (Quote) throws -> Void) async throws { throw QuoteStoreError.notFound(id: id) }
    func liveQuoteCount() async throws -> Int { 0 }
    func checkReady() async throws {}
}
