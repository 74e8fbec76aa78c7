import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore
@testable import QuotegenSQLite
@testable import QuotegenHTTP

@Suite(.timeLimit(.minutes(1))) struct DailyQuoteRouteTests {
    /// A store of 30 quotes created two days before `time`; then `clock` reads `time`, for the store and the routes.
    private func withDailyApp(
        at time: String, _ body: @Sendable (any TestClientProtocol, TestClock) async throws -> Void
    ) async throws {
        let clock = TestClock("2026-11-28T12:00:00Z")
        try await withApp(seed: (1...30).map { "Quote \($0)" }, now: { clock.now }) { client, _ in
            clock.set(time)
            try await body(client, clock)
        }
    }

    private func today(_ client: some TestClientProtocol, _ query: String = "") async throws -> (id: Int, response: TestResponse) {
        let response = try await client.execute(uri: "/quote/today\(query)", method: .get)
        guard response.status == .ok else { throw TestFailure("\(response.status): \(response.text)") }
        return (try response.json["id"] as! Int, response)
    }

    @Test func sameQuoteAllDayThenAnotherAfterMidnightUTC() async throws {
        try await withDailyApp(at: "2026-11-30T00:00:01Z") { client, clock in
            let morning = try await today(client)
            #expect(morning.response.headers[.cacheControl] == "public, max-age=86399")
            #expect(morning.response.headers[.eTag]?.hasPrefix("\"2026-11-30-") == true)
            clock.set("2026-11-30T23:59:59Z")
            let evening = try await today(client)
            #expect(evening.id == morning.id)
            #expect(evening.response.headers[.cacheControl] == "public, max-age=1")
            // The choice depends only on the date and the ids: it is what DailyQuoteChoice says.
            #expect(Int64(morning.id) == DailyQuoteChoice.choose(day: "2026-11-30", among: 1...30))
            // Over a few days the choice moves (30 quotes; a fixed quote every day would be a broken hash).
            var chosen = Set<Int>()
            for day in 1...7 {
                clock.set("2026-12-0\(day)T00:00:00Z")
                chosen.insert(try await today(client).id)
            }
            #expect(chosen.count > 1)
        }
    }

    /// A store younger than the day has no established quotes: the choice is among what there is, and is then kept
    /// for the day like any other, so quotes that arrive later do not move it, in this process or a fresh one.
    @Test func aStoreYoungerThanTheDayKeepsItsFirstChoiceAllDayAsItGrows() async throws {
        let clock = TestClock("2026-11-30T09:00:00Z")
        try await withApp(seed: ["First of the day"], now: { clock.now }) { client, repository in
            #expect(try await today(client).id == 1)
            _ = try await repository.addSeedQuotes((2...40).map { "Later \($0)" })
            let recomputed = try #require(DailyQuoteChoice.choose(day: "2026-11-30", among: 1...40))
            #expect(recomputed != 1, "with 40 ids the first is not the winner for this date")
            #expect(try await today(client).id == 1)
            // Another process has none of this one's memory: it reads the kept choice.
            let fresh = SQLiteQuoteRepository(database: repository.database, now: { clock.now })
            let freshChoice = try await fresh.dailyQuote(day: "2026-11-30", createdBefore: "2026-11-29T10:00:00.000Z")
            #expect(freshChoice?.id == 1)
        }
    }

    @Test func aTimeZoneNamesItsOwnDayAndCacheLifetime() async throws {
        // 23:30 UTC on the 30th is already 00:30 on 1 December in Paris (UTC+1).
        try await withDailyApp(at: "2026-11-30T23:30:00Z") { client, clock in
            let utc = try await today(client)
            let paris = try await today(client, "?tz=Europe/Paris")
            #expect(paris.response.headers[.eTag]?.hasPrefix("\"2026-12-01-") == true)
            #expect(paris.response.headers[.cacheControl] == "public, max-age=\(23 * 3600 + 30 * 60)")
            #expect(Int64(paris.id) == DailyQuoteChoice.choose(day: "2026-12-01", among: 1...30))
            #expect(utc.response.headers[.cacheControl] == "public, max-age=1800")
            // Tomorrow in UTC is what Paris has today.
            clock.set("2026-12-01T10:00:00Z")
            #expect(try await today(client).id == paris.id)
        }
    }

    @Test(arguments: ["Mars/Olympus_Mons", "EST", "GMT+1", "", "../etc/passwd"])
    func aBadZoneIs400(zone: String) async throws {
        try await withDailyApp(at: "2026-11-30T12:00:00Z") { client, _ in
            let escaped = zone.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let response = try await client.execute(uri: "/quote/today?tz=\(escaped)", method: .get)
            #expect(response.status == .badRequest)
            #expect(try response.json["detail"] as? String == "tz must be an IANA time zone name such as Europe/Paris or UTC; got '\(zone)'")
        }
    }

    @Test func deletingTodaysQuoteChoosesAnotherDeterministicallyForTheRestOfTheDay() async throws {
        try await withDailyApp(at: "2026-11-30T08:00:00Z") { client, clock in
            let first = try await today(client).id
            let deleted = try await client.execute(uri: "/quotes/\(first)", method: .delete, headers: adminHeaders())
            #expect(deleted.status == .noContent)
            let second = try await today(client).id
            #expect(second != first)
            #expect(Int64(second) == DailyQuoteChoice.choose(day: "2026-11-30", among: (1...30).filter { $0 != first }))
            clock.set("2026-11-30T20:00:00Z")
            #expect(try await today(client).id == second)
        }
    }

    @Test func quotesAddedDuringTheDayDoNotChangeIt() async throws {
        try await withDailyApp(at: "2026-11-30T08:00:00Z") { client, clock in
            let before = try await today(client).id
            #expect(Int64(before) == DailyQuoteChoice.choose(day: "2026-11-30", among: 1...30))
            // Enough new quotes that one of them would win if they were candidates.
            let newCount = try #require((1...200).first { DailyQuoteChoice.choose(day: "2026-11-30", among: 1...Int64(30 + $0)) != Int64(before) })
            for n in 1...newCount { try await createQuote(client, #"{"quote": "New \#(n)"}"#) }
            #expect(try await today(client).id == before)
        }
    }

    @Test(arguments: TestEngine.all) func etagAnswers304AndTheEmptyStoreIs404(engine: TestEngine) async throws {
        try await withDailyApp(at: "2026-11-30T08:00:00Z") { client, clock in
            let etag = try #require(try await today(client).response.headers[.eTag])
            let cached = try await client.execute(uri: "/quote/today", method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            #expect(cached.headers[.vary] == "Accept")
            // The tag changes with the day.
            clock.set("2026-12-01T08:00:00Z")
            #expect(try await client.execute(uri: "/quote/today", method: .get, headers: [.ifNoneMatch: etag]).status == .ok)
        }
        try await withApp(engine: engine) { client, _ in
            let empty = try await client.execute(uri: "/quote/today", method: .get)
            #expect(empty.status == .notFound)
            #expect(empty.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestEngine.all) func aStoreYoungerThanTheDayStillHasAQuoteOfTheDay(engine: TestEngine) async throws {
        try await withApp(engine: engine, seed: ["Only"]) { client, _ in
            let response = try await client.execute(uri: "/quote/today", method: .get)
            #expect(try response.json["quote"] as? String == "Only")
        }
    }

    @Test func candidatesAreTheQuotesCreatedBeforeTheDateBeganInKiritimatiUTC14() async throws {
        let day = QuoteDay(at: try Date("2026-12-01T12:00:00Z", strategy: .iso8601), in: .gmt)
        #expect(day.candidatesCreatedBefore == (try Date("2026-11-30T10:00:00Z", strategy: .iso8601)))
        // A quote created at 11:00 UTC on 30 November is already of 1 December in Kiritimati: not a candidate.
        let clock = TestClock("2026-11-29T00:00:00Z")
        try await withApp(seed: ["Established"], now: { clock.now }) { client, repository in
            clock.set("2026-11-30T11:00:00Z")
            _ = try await repository.addSeedQuotes((1...40).map { "Too late \($0)" })
            clock.set("2026-12-01T12:00:00Z")
            // 1 December in each of these zones at that instant.
            for zone in ["UTC", "America/New_York", "Asia/Tokyo"] {
                let chosen = try await client.execute(uri: "/quote/today?tz=\(zone)", method: .get)
                #expect(try chosen.json["quote"] as? String == "Established", "\(zone)")
            }
        }
    }

    @Test func jsonAndPlainTextHaveTheirOwnETagsSoACacheNeverServesOneForTheOther() async throws {
        try await withDailyApp(at: "2026-11-30T08:00:00Z") { client, _ in
            let json = try #require(try await today(client).response.headers[.eTag])
            let text = try await client.execute(uri: "/quote/today", method: .get, headers: [.accept: "text/plain"])
            let textTag = try #require(text.headers[.eTag])
            #expect(json != textTag)
            let crossed = try await client.execute(uri: "/quote/today", method: .get, headers: [.accept: "text/plain", .ifNoneMatch: json])
            #expect(crossed.status == .ok)
            #expect(crossed.headers[.contentType] == "text/plain; charset=utf-8")
            let same = try await client.execute(uri: "/quote/today", method: .get, headers: [.accept: "text/plain", .ifNoneMatch: textTag])
            #expect(same.status == .notModified)
        }
    }

    /// Literal ids, not the function's own output: a change of hash reshuffles every date's quote between
    /// versions, and must be a visible, deliberate decision.
    @Test(arguments: [("2026-11-30", 11), ("2027-01-01", 6), ("2030-06-15", 30)])
    func theDailyChoiceForAFixedStoreIsPinned(day: String, id: Int64) {
        #expect(DailyQuoteChoice.choose(day: day, among: 1...30) == id, "\(day)")
    }

    /// The same quotes give the same quote of the day on every engine: the pinned choices above, served.
    @Test(arguments: TestEngine.all, [("2026-11-30", 11), ("2027-01-01", 6), ("2030-06-15", 30)])
    func everyEngineServesThePinnedChoice(engine: TestEngine, pinned: (day: String, id: Int64)) async throws {
        let clock = TestClock("\(pinned.day)T12:00:00Z")
        try await withApp(engine: engine, seed: (1...30).map { "Quote number \($0)" }, now: { clock.now }) { client, _ in
            let today = try await client.execute(uri: "/quote/today?tz=UTC", method: .get).json
            #expect((today["id"] as? NSNumber)?.int64Value == pinned.id, "\(engine) on \(pinned.day)")
        }
    }
}
