import Hummingbird
import Logging
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenTransfer

@Suite(.timeLimit(.minutes(1))) struct MetricsTests {
    private func scrape(_ client: some TestClientProtocol, headers: HTTPFields = [:]) async throws -> String {
        let response = try await client.execute(uri: "/metrics", method: .get, headers: headers)
        guard response.status == .ok else { throw TestFailure("GET /metrics: \(response.status)") }
        #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        return response.text
    }

    /// The value of the one sample line that starts with `series` (name and labels, as Prometheus writes them).
    private func value(_ series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test func requestsAreCountedByRouteTemplateMethodAndStatusClassAndTimed() async throws {
        try await withApp(seed: ["A", "B"]) { client, _ in
            for id in [1, 2, 99] { _ = try await client.execute(uri: "/quotes/\(id)", method: .get) }
            _ = try await client.execute(uri: "/quote", method: .get)
            _ = try await client.execute(uri: "/no/such/path/12345", method: .get)
            try await createQuote(client, #"{"quote": "C"}"#)
            let text = try await scrape(client)
            #expect(value(#"quotegen_http_requests_total{route="/quotes/{id}",method="GET",status="2xx"}"#, in: text) == 2)
            #expect(value(#"quotegen_http_requests_total{route="/quotes/{id}",method="GET",status="4xx"}"#, in: text) == 1)
            #expect(value(#"quotegen_http_requests_total{route="/quote",method="GET",status="2xx"}"#, in: text) == 1)
            #expect(value(#"quotegen_http_requests_total{route="/quotes",method="POST",status="2xx"}"#, in: text) == 1)
            #expect(value(#"quotegen_http_requests_total{route="NotFound",method="GET",status="4xx"}"#, in: text) == 1)
            #expect(value(#"quotegen_http_request_duration_seconds_count{route="/quotes/{id}"}"#, in: text) == 3)
            #expect(text.contains(#"quotegen_http_request_duration_seconds_bucket{route="/quote",le="0.005"}"#))
            #expect(value("quotegen_quotes_live", in: text) == 3)
            // No concrete path, id or user input ever becomes a label.
            #expect(!text.contains("/quotes/1\""))
            #expect(!text.contains("12345"))
        }
    }

    @Test func aMetricsTokenProtectsTheMetricsOnly() async throws {
        try await withApp(seed: ["A"], metricsToken: "scrape-secret") { client, _ in
            let refused = try await client.execute(uri: "/metrics", method: .get)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let wrong = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(adminSecret)"])
            #expect(wrong.status == .unauthorized)
            _ = try await scrape(client, headers: [.authorization: "Bearer scrape-secret"])
            #expect(try await client.execute(uri: "/quote", method: .get).status == .ok)
        }
    }

    @Test func seedImportsAndDatabaseWriteErrorsAreCounted() async throws {
        let metrics = ServerMetrics()
        try await withApp(metrics: metrics) { client, repository in
            let seed = FileManager.default.temporaryDirectory.appending(path: "metrics-seed-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: seed) }
            try Data("One\nTwo\n\u{7}bad\n".utf8).write(to: seed)
            let importer = SeedImporter(path: seed.path, store: repository, logger: Logger(label: "test"), metrics: metrics)
            try await importer.importFile()
            try repository.database.close()
            let failed = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "Lost"}"#))
            #expect(failed.status == .internalServerError)
            let text = String(decoding: metrics.render(), as: UTF8.self)
            #expect(value("quotegen_seed_imports_total", in: text) == 1)
            #expect(value("quotegen_seed_quotes_added_total", in: text) == 2)
            #expect(value("quotegen_seed_lines_rejected_total", in: text) == 1)
            #expect(value("quotegen_database_write_errors_total", in: text) == 1)
        }
    }
}
