import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenHTTP
@testable import QuotegenServer

@Suite(.timeLimit(.minutes(1))) struct AdminRateLimitTests {
    private let wrong: HTTPFields = [.authorization: "Bearer not-the-token", .contentType: "application/json"]

    @Test(arguments: TestEngine.all) func tenFailuresInAMinuteBlockAdminCallsUntilTheWindowPasses(engine: TestEngine) async throws {
        let clock = TestClock("2026-11-30T12:00:00Z")
        try await withApp(engine: engine, seed: ["Q"], now: { clock.now }) { client, _ in
            for _ in 1...10 {
                let failed = try await client.execute(uri: "/quotes", method: .post, headers: wrong, body: jsonBody(#"{"quote": "x"}"#))
                #expect(failed.status == .unauthorized)
            }
            clock.set("2026-11-30T12:00:20Z")
            // Now even the right token is refused, with the seconds left in the window.
            let blocked = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "y"}"#))
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers[.retryAfter] == "40")
            #expect(blocked.headers[.contentType] == "application/problem+json")
            for method in [HTTPRequest.Method.put, .patch, .delete] {
                let other = try await client.execute(uri: "/quotes/1", method: method, headers: adminHeaders(), body: jsonBody("{}"))
                #expect(other.status == .tooManyRequests)
            }
            // Public reads are not affected.
            #expect(try await client.execute(uri: "/quote", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/quotes", method: .get).status == .ok)

            clock.set("2026-11-30T12:01:00Z")
            let again = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "y"}"#))
            #expect(again.status == .created)
        }
    }

    @Test func theLimitPerMinuteIsASetting() async throws {
        let router = buildRouter(repository: NoQuotes(), adminTokens: AdminTokenRegistry(bootstrap: BearerToken(adminSecret)), authFailuresPerMinute: 3, now: { Date() })
        try await Application(router: router).test(.router) { client in
            for _ in 1...3 {
                let failed = try await client.execute(uri: "/quotes", method: .post, headers: wrong, body: jsonBody("{}"))
                #expect(failed.status == .unauthorized)
            }
            let blocked = try await client.execute(uri: "/quotes", method: .post, headers: wrong, body: jsonBody("{}"))
            #expect(blocked.status == .tooManyRequests)
        }
        #expect(try ServerSettings.resolve(environment: [:]).authFailuresPerMinute == 10)
        #expect(try ServerSettings.resolve(environment: ["QUOTEGEN_AUTH_FAILURES_PER_MINUTE": "500"]).authFailuresPerMinute == 500)
        for bad in ["0", "-1", "ten", "1000001"] {
            #expect(throws: SettingsError.self) { try ServerSettings.resolve(environment: ["QUOTEGEN_AUTH_FAILURES_PER_MINUTE": bad]) }
        }
    }

    @Test(arguments: TestEngine.all) func guessesAtTheMetricsTokenAreLimitedAndCountWithTheAdminOnes(engine: TestEngine) async throws {
        let clock = TestClock("2026-11-30T12:00:00Z")
        try await withApp(engine: engine, now: { clock.now }, metricsToken: "scrape-secret") { client, _ in
            for _ in 1...5 {
                let failed = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer guess"])
                #expect(failed.status == .unauthorized)
            }
            for _ in 1...5 {
                let failed = try await client.execute(uri: "/quotes", method: .post, headers: wrong, body: jsonBody(#"{"quote": "x"}"#))
                #expect(failed.status == .unauthorized)
            }
            let blocked = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-secret"])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers[.retryAfter] == "60")
            let blockedAdmin = try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "y"}"#))
            #expect(blockedAdmin.status == .tooManyRequests)
            clock.set("2026-11-30T12:01:00Z")
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-secret"]).status == .ok)
        }
    }

    @Test(arguments: TestEngine.all) func successfulCallsNeitherCountNorResetAndOldFailuresExpire(engine: TestEngine) async throws {
        let clock = TestClock("2026-11-30T12:00:00Z")
        try await withApp(engine: engine, now: { clock.now }) { client, _ in
            for n in 1...9 {
                #expect(try await client.execute(uri: "/quotes", method: .post, headers: wrong, body: jsonBody("{}")).status == .unauthorized)
                try await createQuote(client, #"{"quote": "ok \#(n)"}"#)
            }
            // The tenth failure in the window blocks.
            #expect(try await client.execute(uri: "/quotes", method: .post, headers: wrong, body: jsonBody("{}")).status == .unauthorized)
            #expect(try await client.execute(uri: "/quotes", method: .post, headers: adminHeaders(), body: jsonBody(#"{"quote": "z"}"#)).status == .tooManyRequests)
            // A new window starts from zero: nine failures later, the admin is still let in.
            clock.set("2026-11-30T12:02:00Z")
            for _ in 1...9 {
                #expect(try await client.execute(uri: "/quotes", method: .post, headers: wrong, body: jsonBody("{}")).status == .unauthorized)
            }
            try await createQuote(client, #"{"quote": "still fine"}"#)
        }
    }

    @Test func theLimiterRemembersABoundedNumberOfAddresses() {
        let clock = TestClock("2026-11-30T12:00:00Z")
        let limiter = FailedAuthLimiter(maxFailures: 3, window: 60, capacity: 100, now: { clock.now })
        for address in 0..<10_000 { limiter.recordFailure("10.0.\(address / 256).\(address % 256)") }
        #expect(limiter.trackedAddresses <= 100)
        // A blocked address among the most recent stays blocked.
        for _ in 1...3 { limiter.recordFailure("192.0.2.1") }
        #expect(limiter.retryAfter("192.0.2.1") == 60)
        #expect(limiter.retryAfter("192.0.2.2") == nil)
    }

    @Test func whenFullTheLimiterForgetsExpiredWindowsFirstThenTheOldestAndKeepsABlockedAddress() {
        let clock = TestClock("2026-11-30T12:00:00Z")
        let limiter = FailedAuthLimiter(maxFailures: 2, window: 100, capacity: 3, now: { clock.now })
        limiter.recordFailure("old")                                  // t=0, expires at 100
        clock.set("2026-11-30T12:00:10Z")
        for _ in 1...2 { limiter.recordFailure("blocked") }           // t=10, blocked until 110
        clock.set("2026-11-30T12:00:20Z")
        limiter.recordFailure("middle")                               // t=20
        clock.set("2026-11-30T12:01:45Z")                             // t=105: "old" has expired
        limiter.recordFailure("new")
        #expect(limiter.trackedAddresses == 3)
        #expect(limiter.retryAfter("blocked") == 5, "a blocked address was forgotten while an expired one was kept")
        // Full again with nothing expired: the oldest ("blocked", t=10) goes, the others stay.
        limiter.recordFailure("newer")
        #expect(limiter.trackedAddresses == 3)
        #expect(limiter.retryAfter("blocked") == nil)
        limiter.recordFailure("middle")  // its second failure in its window: blocked, so its window was kept
        #expect(limiter.retryAfter("middle") != nil)
    }
}
