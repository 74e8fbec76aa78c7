import Hummingbird
import Logging
import Foundation
import HummingbirdTesting
import Synchronization
@testable import QuotegenRuntime
@testable import QuotegenSQLite
@testable import QuotegenPostgres
@testable import QuotegenIndex
@testable import QuotegenCore
@testable import QuotegenHTTP
@testable import QuotegenServer

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
    now: @escaping @Sendable () -> Date = { Date() },
    metrics: ServerMetrics = ServerMetrics(),
    metricsToken: String? = nil,
    _ body: @Sendable (any TestClientProtocol, SQLiteQuoteRepository) async throws -> Void
) async throws {
    try await withTemporaryDirectory { folder in
        let database = try AppDatabase.open(path: folder.appending(path: "quotes.sqlite").path)
        defer { try? database.close() }
        let repository = SQLiteQuoteRepository(database: database, now: now, metrics: metrics)
        _ = try await repository.addSeedQuotes(seed)
        try await repository.refreshIndex()  // as the server's QuoteIndexRefresher does at start
        let settings = ServerSettings(
            host: "127.0.0.1", port: 0, databasePath: database.path, seedPath: "", adminToken: adminToken.flatMap(BearerToken.init),
            metricsToken: metricsToken.flatMap(BearerToken.init)
        )
        let app = buildApplication(settings: settings, repository: repository, logger: Logger(label: "test"), now: now, metrics: metrics)
        try await app.test(.router) { client in try await body(client, repository) }
    }
}

/// `withApp` on `engine`: the same application on a new store of that engine, whose index is loaded as the
/// server's refresher loads it. For the suites that every engine must pass.
func withApp(
    engine: TestEngine,
    adminToken: String? = adminSecret,
    seed: [String] = [],
    now: @escaping @Sendable () -> Date = { Date() },
    metrics: ServerMetrics = ServerMetrics(),
    metricsToken: String? = nil,
    _ body: @Sendable (any TestClientProtocol, any QuoteStore) async throws -> Void
) async throws {
    try await engine.withStore(now: now, metrics: metrics) { store, location in
        _ = try await store.addSeedQuotes(seed)
        let index = (store as? SQLiteQuoteRepository)?.index ?? (store as! PostgresQuoteStore).index
        try await index.refresh(from: store)  // as the server's QuoteIndexRefresher does at start
        let settings = ServerSettings(
            host: "127.0.0.1", port: 0, databasePath: location, seedPath: "", adminToken: adminToken.flatMap(BearerToken.init),
            metricsToken: metricsToken.flatMap(BearerToken.init)
        )
        let app = buildApplication(settings: settings, repository: store, logger: Logger(label: "test"), now: now, metrics: metrics)
        try await app.test(.router) { client in try await body(client, store) }
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

/// A clock the test sets: both the store's timestamps and the routes' "now" read it.
final class TestClock: Sendable {
    private let instant: Mutex<Date>

    init(_ iso8601: String) { instant = Mutex(try! Date(iso8601, strategy: .iso8601)) }

    var now: Date { instant.withLock { $0 } }

    func set(_ iso8601: String) { instant.withLock { $0 = try! Date(iso8601, strategy: .iso8601) } }
}

extension TestResponse {
    /// The `items` of a list body.
    var items: [[String: Any]] {
        get throws {
            guard let items = try json["items"] as? [[String: Any]] else { throw TestFailure("no items: \(text)") }
            return items
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// POSTs a quote with this text, author (null when nil) and tags as admin, and returns its id.
@discardableResult
func createQuote(_ client: some TestClientProtocol, text: String, author: String?, tags: [String]) async throws -> Int64 {
    let body = try JSONSerialization.data(withJSONObject: ["quote": text, "author": author ?? NSNull(), "tags": tags])
    return try await createQuote(client, String(decoding: body, as: UTF8.self))
}

/// POSTs a quote as admin and returns its id.
@discardableResult
func createQuote(_ client: some TestClientProtocol, _ json: String) async throws -> Int64 {
    try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(json)) { response in
        guard response.status == .created else { throw TestFailure("POST failed: \(response.status) \(response.text)") }
        return try (response.json["id"] as? NSNumber)?.int64Value ?? -1
    }
}
