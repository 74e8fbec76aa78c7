import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenHTTP
@testable import QuotegenServer

@Suite(.timeLimit(.minutes(1))) struct OpenAPIContractTests {
    /// Every (method, path) the documents describe, paths in OpenAPI's `{id}` form: quotegen's own, and Quotable's
    /// under its server URL `/quotable`.
    private var documented: Set<String> {
        get throws {
            try Self.operations(OpenAPIDocument.json, under: "").union(Self.operations(OpenAPIDocument.quotable, under: "/quotable"))
        }
    }

    private static func operations(_ json: String, under prefix: String) throws -> Set<String> {
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let paths = document["paths"] as! [String: [String: Any]]
        let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return Set(paths.flatMap { path, item in
            item.keys.filter(methods.contains).map { "\($0.uppercased()) \(prefix)\(path)" }
        })
    }

    /// The router's routes that answer something other than the 405 that `rejectOtherMethods` registers.
    private func served() async throws -> Set<String> {
        let router = buildRouter(repository: NoQuotes(), adminTokens: AdminTokenRegistry(bootstrap: BearerToken(adminSecret)), now: { Date() })
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

    /// The document lists the zone names `tz` takes, so that a client (and schemathesis) can know them: each of
    /// them must be one the server accepts, and the server must not accept more than it lists.
    @Test func everyZoneTheDocumentListsIsOneTheServerAcceptsAndNoOther() throws {
        let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as! [String: Any]
        let parameters = (document["components"] as! [String: Any])["parameters"] as! [String: [String: Any]]
        let listed = Set((parameters["tz"]!["schema"] as! [String: Any])["enum"] as! [String])
        #expect(listed.count > 400)
        for zone in listed { #expect((try? QuoteDay.timeZone(named: zone)) != nil, "\(zone)") }
        let accepted = TimeZone.knownTimeZoneIdentifiers.filter { (try? QuoteDay.timeZone(named: $0)) != nil }
        #expect(Set(accepted).subtracting(listed).sorted() == [])
    }

    @Test func theServerServesTheDocument() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(try response.json["openapi"] as? String == "3.1.0")
            let quotable = try await client.execute(uri: "/quotable/openapi.json", method: .get)
            #expect(quotable.status == .ok)
            #expect(try (quotable.json["servers"] as? [[String: Any]])?.first?["url"] as? String == "/quotable")
        }
    }
}
