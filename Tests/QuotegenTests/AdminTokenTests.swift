import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import QuotegenCore
@testable import QuotegenHTTP
@testable import QuotegenServer

/// Named admin tokens: kept as digests, revocable, expiring, on every engine.
@Suite(.timeLimit(.minutes(2)))
struct AdminTokenTests {
    @Test(arguments: TestEngine.all)
    func theStoreKeepsEachNameOnceAndARevokedTokenStaysListedButInactive(engine: TestEngine) async throws {
        try await engine.withStore { store, _ in
            try await store.createAdminToken(name: "alice", digest: "aa", createdAt: "2026-01-01T00:00:00.000Z", expiresAt: nil)
            try await store.createAdminToken(
                name: "ci", digest: "bb", createdAt: "2026-01-02T00:00:00.000Z", expiresAt: "2026-02-01T00:00:00.000Z"
            )
            await #expect(throws: AdminTokenNameTaken.self) {
                try await store.createAdminToken(name: "alice", digest: "cc", createdAt: "2026-01-03T00:00:00.000Z", expiresAt: nil)
            }
            #expect(try await store.revokeAdminToken(name: "alice", at: "2026-01-04T00:00:00.000Z"))
            #expect(try await !store.revokeAdminToken(name: "alice", at: "2026-01-05T00:00:00.000Z"), "revoked once only")
            #expect(try await !store.revokeAdminToken(name: "nobody", at: "2026-01-05T00:00:00.000Z"))
            await #expect(throws: AdminTokenNameTaken.self, "a revoked token's name stays taken") {
                try await store.createAdminToken(name: "alice", digest: "dd", createdAt: "2026-01-06T00:00:00.000Z", expiresAt: nil)
            }
            #expect(try await store.activeAdminTokens() == [ActiveAdminToken(name: "ci", digest: "bb", expiresAt: "2026-02-01T00:00:00.000Z")])

            try await store.recordAdminTokenUse(["ci": "2026-01-07T00:00:00.000Z", "nobody": "2026-01-07T00:00:00.000Z"])
            try await store.recordAdminTokenUse(["ci": "2026-01-06T00:00:00.000Z"])   // an older use arriving late
            let listed = try await store.adminTokens()
            #expect(listed.map(\.name) == ["alice", "ci"])
            #expect(listed.first?.revokedAt == "2026-01-04T00:00:00.000Z")
            #expect(listed.last?.lastUsedAt == "2026-01-07T00:00:00.000Z")
        }
    }

    @Test(arguments: TestEngine.all)
    func aNamedTokenOpensTheAdminAPIUntilItIsRevokedThenGetsTheSame401AsAWrongOne(engine: TestEngine) async throws {
        try await withTokenApp(engine: engine) { client, store, refresher in
            let token = AdminTokenSecret.generate()
            try await store.createAdminToken(
                name: "alice", digest: AdminTokenSecret.digest(token), createdAt: Timestamp.string(from: Date()), expiresAt: nil
            )
            #expect(try await post(client, token: token).status == .unauthorized, "not yet read by the server")
            try await refresher.refresh()
            #expect(try await post(client, token: token).status == .created)
            #expect(try await store.adminTokens().first?.lastUsedAt == nil, "noted in memory, not written by the request")
            try await refresher.refresh()
            #expect(try await store.adminTokens().first?.lastUsedAt != nil, "written on the refresher's next beat")

            _ = try await store.revokeAdminToken(name: "alice", at: Timestamp.string(from: Date()))
            try await refresher.refresh()
            let revoked = try await post(client, token: token)
            let wrong = try await post(client, token: AdminTokenSecret.generate())
            #expect(revoked.status == .unauthorized)
            #expect(String(buffer: revoked.body) == String(buffer: wrong.body))
            #expect(revoked.headers[.wwwAuthenticate] == wrong.headers[.wwwAuthenticate])
            #expect(try await post(client, token: adminSecret).status == .created, "the bootstrap token still works")
        }
    }

    @Test(arguments: TestEngine.all)
    func anExpiredTokenIsRefusedAndCountsForTheLimiterLikeAWrongOne(engine: TestEngine) async throws {
        let clock = TestClock("2026-11-30T12:00:00Z")
        try await withTokenApp(engine: engine, bootstrap: nil, now: { clock.now }) { client, store, refresher in
            let token = AdminTokenSecret.generate()
            try await store.createAdminToken(
                name: "ci", digest: AdminTokenSecret.digest(token), createdAt: "2026-11-30T12:00:00.000Z",
                expiresAt: "2026-11-30T12:30:00.000Z"
            )
            try await refresher.refresh()
            #expect(try await post(client, token: token).status == .created)
            clock.set("2026-11-30T12:30:00Z")
            for _ in 1...10 { #expect(try await post(client, token: token).status == .unauthorized) }
            #expect(try await post(client, token: token).status == .tooManyRequests, "expired tokens count as failures")
        }
    }

    @Test func tokensAreLongRandomAndRecognisableAndTheirDigestIsSHA256() {
        let tokens = (1...100).map { _ in AdminTokenSecret.generate() }
        #expect(Set(tokens).count == 100)
        for token in tokens {
            #expect(token.hasPrefix("qg_"))
            #expect(token.count == 3 + 43, "256 bits in base64url")
            #expect(token.dropFirst(3).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
        #expect(AdminTokenSecret.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func digestsAreWrittenAsLowerCaseHexTwoDigitsABytes() {
        #expect(lowercaseHex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(lowercaseHex([UInt8]()) == "")
    }

    @Test func namesAndLifetimesAreChecked() throws {
        for good in ["alice", "ci-deploy", "bot.2", "A_b"] { try AdminTokenName.validate(good) }
        for bad in ["", "env", "-x", "has space", "é", String(repeating: "a", count: 65)] {
            #expect(throws: AdminTokenNameInvalid.self, "\(bad)") { try AdminTokenName.validate(bad) }
        }
        #expect(try TokenLifetime("90m").seconds == 5400)
        #expect(try TokenLifetime("2w").seconds == 1_209_600)
        for bad in ["", "0d", "-1d", "1y", "d", "1.5h", "99999w"] {
            #expect(throws: TokenLifetimeInvalid.self, "\(bad)") { try TokenLifetime(bad) }
        }
    }

    private func post(_ client: any TestClientProtocol, token: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/quotes", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: jsonBody(#"{"quote": "Written at \#(UUID().uuidString)"}"#)
        )
    }

    /// The server's application on a new store of `engine`, with the token registry and refresher `serve` uses
    /// (the refresher's loop not running: the test calls `refresh()`, the loop's beat, where the loop would).
    private func withTokenApp(
        engine: TestEngine, bootstrap: String? = adminSecret, now: @escaping @Sendable () -> Date = { Date() },
        _ body: @Sendable (any TestClientProtocol, any QuoteStore, AdminTokenRefresher) async throws -> Void
    ) async throws {
        try await engine.withStore(now: now) { store, location in
            let registry = AdminTokenRegistry(bootstrap: bootstrap.flatMap(BearerToken.init), now: now)
            let refresher = AdminTokenRefresher(store: store, registry: registry, logger: Logger(label: "test"))
            let settings = ServerSettings(
                host: "127.0.0.1", port: 0, databasePath: location, seedPath: "", adminToken: bootstrap.flatMap(BearerToken.init)
            )
            let app = buildApplication(settings: settings, repository: store, adminTokens: registry, logger: Logger(label: "test"), now: now)
            try await app.test(.router) { client in try await body(client, store, refresher) }
        }
    }
}

/// The token commands and a running server, as separate processes on one database file.
@Suite(.timeLimit(.minutes(2)))
struct AdminTokenProcessTests {
    @Test func aRevocationReachesARunningServerWithinASecondAndTheFileHoldsOnlyDigests() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "quotes.sqlite").path
            let created = try await ServerProcess.run(["token", "create", "deploy-bot", "--db", database], folder: folder)
            #expect(created.status == 0, "\(created.output)")
            let token = try #require(created.output.split(separator: "\n").first { $0.hasPrefix("qg_") }.map(String.init))
            let (server, port) = try await ServerProcess.serve(
                database: database, seed: folder.appending(path: "none.txt").path, folder: folder, environment: [:]
            )
            defer { server.process.terminate() }
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let accepted = try await liveRequest(port: port, .post, "/quotes", headers: headers, body: #"{"quote": "Posted by the bot"}"#)
            #expect(accepted.status == .created)

            let listed = try await ServerProcess.run(["token", "list", "--db", database], folder: folder)
            #expect(listed.output.contains("deploy-bot"))
            #expect(!listed.output.contains(token))

            let revoked = try await ServerProcess.run(["token", "revoke", "deploy-bot", "--db", database], folder: folder)
            #expect(revoked.status == 0, "\(revoked.output)")
            let refused = try await eventually(seconds: 1) {
                try await liveRequest(port: port, .post, "/quotes", headers: headers, body: #"{"quote": "After revoking"}"#).status
                    == .unauthorized
            }
            #expect(refused, "the running server still accepted the revoked token 1 s after 'token revoke' ended")

            // Only the digest is on disk: not in the database, nor its write-ahead log, nor the server's log.
            server.process.terminate()
            _ = try await server.exitStatus(within: 10)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasPrefix("quotes.sqlite") || $0.hasPrefix("server-") }
            var sawDigest = false
            for file in files {
                let bytes = try Data(contentsOf: folder.appending(path: file))
                #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is in \(file)")
                if bytes.range(of: Data(AdminTokenSecret.digest(token).utf8)) != nil { sawDigest = true }
            }
            #expect(sawDigest)
        }
    }
}
