import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import QuotegenApp

let adminSecret = "test-admin-token"

/// The headers of an admin call with a JSON body; `extra` adds or replaces fields.
func adminHeaders(_ extra: HTTPFields = [:]) -> HTTPFields {
    var headers: HTTPFields = [.authorization: "Bearer \(adminSecret)", .contentType: "application/json"]
    for field in extra { headers[field.name] = field.value }
    return headers
}

func jsonBody(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// Runs `body` against the application that `quotegen serve` runs, on a temporary database,
/// through HummingbirdTesting's router client.
func withApp(
    adminToken: String? = adminSecret,
    seed: [String] = [],
    _ body: @Sendable (any TestClientProtocol, SQLiteQuoteRepository) async throws -> Void
) async throws {
    try await withTemporaryDirectory { folder in
        let database = try AppDatabase.open(path: folder.appending(path: "quotes.sqlite").path)
        defer { try? database.close() }
        let repository = SQLiteQuoteRepository(database: database)
        _ = try await repository.addSeedQuotes(seed)
        try await repository.refreshIndex()  // as the server's QuoteIndexRefresher does at start
        let settings = ServerSettings(
            host: "127.0.0.1", port: 0, databasePath: database.path, seedPath: "", adminToken: adminToken.flatMap(AdminToken.init)
        )
        let app = buildApplication(settings: settings, repository: repository, logger: Logger(label: "test"))
        try await app.test(.router) { client in try await body(client, repository) }
    }
}

extension TestResponse {
    /// The body decoded as a JSON object.
    var json: [String: Any] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body))
            guard let dictionary = object as? [String: Any] else { throw TestFailure("body is not an object: \(String(buffer: body))") }
            return dictionary
        }
    }

    var text: String { String(buffer: body) }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// POSTs a quote as admin and returns its id.
@discardableResult
func createQuote(_ client: some TestClientProtocol, _ json: String) async throws -> Int64 {
    try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(json)) { response in
        guard response.status == .created else { throw TestFailure("POST failed: \(response.status) \(response.text)") }
        return try (response.json["id"] as? NSNumber)?.int64Value ?? -1
    }
}
