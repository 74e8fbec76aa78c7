import Foundation
import Testing
@testable import QuotegenPostgres

@Suite(.timeLimit(.minutes(1))) struct PostgresLocationTests {
    @Test func aURLGivesEveryPartAndTheDefaults() throws {
        let location = try PostgresLocation(url: "postgresql://app@db.example:6543/quotes", environment: [:])
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.username == "app")
        #expect(location.database == "quotes")
        #expect(location.password == nil)
        #expect(location.sslMode == .prefer)
        #expect(location.poolSize == PostgresLocation.defaultPoolSize)
        #expect(try PostgresLocation(url: "postgres://app@db/quotes", environment: [:]).port == 5432)
    }

    @Test func thePasswordComesFromTheURLThenTheFileThenPGPASSWORD() async throws {
        try await withTemporaryDirectory { folder in
            let file = folder.appending(path: "secret").path
            try Data("from-file\n".utf8).write(to: URL(fileURLWithPath: file))
            let environment = ["QUOTEGEN_DB_PASSWORD_FILE": file, "PGPASSWORD": "from-env"]
            #expect(try PostgresLocation(url: "postgres://app:in%40url@db/q", environment: environment).password == "in@url")
            #expect(try PostgresLocation(url: "postgres://app@db/q", environment: environment).password == "from-file")
            #expect(try PostgresLocation(url: "postgres://app@db/q", environment: ["PGPASSWORD": "from-env"]).password == "from-env")
            let missing = ["QUOTEGEN_DB_PASSWORD_FILE": folder.appending(path: "absent").path]
            #expect(throws: PostgresLocationError.self) { try PostgresLocation(url: "postgres://app@db/q", environment: missing) }
        }
    }

    @Test func thePasswordNeverAppearsInWhatIsShown() throws {
        let location = try PostgresLocation(url: "postgres://app:hunter2@db:5432/q?sslmode=require&pool_max=3", environment: [:])
        #expect(location.password == "hunter2")
        #expect("\(location)" == "postgres://app@db:5432/q?sslmode=require")
        #expect(!"\(location)".contains("hunter2"))
        // A URL that cannot be used is named in the error without its password.
        do {
            _ = try PostgresLocation(url: "postgres://app:hunter2@db:5432/q?sslmode=sometimes", environment: [:])
            Issue.record("an unknown sslmode was accepted")
        } catch {
            #expect(!error.description.contains("hunter2"))
            #expect(error.description.contains("sslmode=sometimes"))
        }
        #expect(PostgresLocation.masked("postgres://app:hunter2@db/q") == "postgres://app:***@db/q")
    }

    @Test(arguments: [
        ("postgres://db/q", "names no user"),
        ("postgres://app@/q", "names no host"),
        ("postgres://app@db", "names no database"),
        ("postgres://app@db/q?sslmode=sometimes", "sslmode=sometimes is not one of disable, prefer, require, verify-full"),
        ("postgres://app@db/q?sslmode=verify-full", "needs sslrootcert"),
        ("postgres://app@db/q?pool_max=0", "pool_max=0"),
        ("postgres://app@db/q?connect_timeout=x", "connect_timeout=x"),
        ("postgres://app@db/q?search_path=x", "search_path is not a parameter quotegen reads"),
    ])
    func aURLThatCannotBeUsedIsRefusedInOneLineNamingWhy(url: String, reason: String) {
        #expect {
            _ = try PostgresLocation(url: url, environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains(reason) && !text.contains("\n") && text.hasPrefix("cannot use database URL: ")
        }
    }

    @Test func onlyPostgresURLsChooseThePostgreSQLEngine() {
        #expect(PostgresLocation.isURL("postgres://app@db/q"))
        #expect(PostgresLocation.isURL("postgresql://app@db/q"))
        #expect(!PostgresLocation.isURL("./data/quotes.sqlite"))
        #expect(!PostgresLocation.isURL("/data/postgres://weird.sqlite"))
    }
}
