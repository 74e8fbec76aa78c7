import Foundation
import Testing
@testable import QuotegenApp

@Suite struct SettingsTests {
    @Test func defaults() throws {
        let settings = try ServerSettings.resolve(environment: [:])
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 5000)
        #expect(settings.databasePath == "./data/quotes.sqlite")
        #expect(settings.seedPath == "./seed/quotes.txt")
        #expect(settings.adminToken == nil)
    }

    @Test func environmentOverridesDefaultsAndFlagsOverrideEnvironment() throws {
        let environment = [
            "QUOTEGEN_HOST": "0.0.0.0", "QUOTEGEN_PORT": "6000", "QUOTEGEN_DB": "/env/db.sqlite", "QUOTEGEN_SEED": "/env/seed.txt",
        ]
        let fromEnvironment = try ServerSettings.resolve(environment: environment)
        #expect(fromEnvironment.host == "0.0.0.0")
        #expect(fromEnvironment.port == 6000)
        #expect(fromEnvironment.databasePath == "/env/db.sqlite")
        #expect(fromEnvironment.seedPath == "/env/seed.txt")
        let fromFlags = try ServerSettings.resolve(
            host: "::1", port: 7000, databasePath: "/flag/db.sqlite", seedPath: "/flag/seed.txt", environment: environment
        )
        #expect(fromFlags.host == "::1")
        #expect(fromFlags.port == 7000)
        #expect(fromFlags.databasePath == "/flag/db.sqlite")
        #expect(fromFlags.seedPath == "/flag/seed.txt")
    }

    @Test(arguments: [["QUOTEGEN_PORT": "http"], ["QUOTEGEN_PORT": "70000"], ["QUOTEGEN_ADMIN_TOKEN": "a", "QUOTEGEN_ADMIN_TOKEN_FILE": "/x"],
                      ["QUOTEGEN_ADMIN_TOKEN_FILE": "/nonexistent/token"]])
    func badSettingsAreClearErrors(environment: [String: String]) {
        #expect(throws: SettingsError.self) { try ServerSettings.resolve(environment: environment) }
    }

    @Test func theTokenComesFromTheVariableOrATrimmedFile() async throws {
        let direct = try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN": "s3cret"])
        #expect(direct.adminToken?.matches("s3cret") == true)
        #expect(try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN": ""]).adminToken == nil)
        try await withTemporaryDirectory { folder in
            let file = folder.appending(path: "token")
            try Data("  from-file\n".utf8).write(to: file)
            let settings = try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN_FILE": file.path])
            #expect(settings.adminToken?.matches("from-file") == true)
            try Data(" \n".utf8).write(to: file)
            #expect(throws: SettingsError.self) { try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN_FILE": file.path]) }
        }
    }

    @Test func theTokenMatchesOnlyItselfAndNeverPrints() throws {
        let token = try #require(BearerToken("abc"))
        #expect(token.matches("abc"))
        for wrong in ["", "ab", "abd", "abcabc", "ABC", "abc "] { #expect(!token.matches(wrong)) }
        #expect(!"\(token)".contains("abc"))
        #expect(BearerToken("") == nil)
    }

    @Test func logLevel() throws {
        #expect(try ServerSettings.logLevel(environment: [:]) == .info)
        #expect(try ServerSettings.logLevel(environment: ["QUOTEGEN_LOG_LEVEL": "DEBUG"]) == .debug)
        #expect(throws: SettingsError.self) { try ServerSettings.logLevel(environment: ["QUOTEGEN_LOG_LEVEL": "loud"]) }
    }
}
