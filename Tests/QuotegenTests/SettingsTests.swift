import Logging
import Hummingbird
import Foundation
import Synchronization
import Testing
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenHTTP
@testable import QuotegenServer

@Suite(.timeLimit(.minutes(1))) struct SettingsTests {
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

    @Test func connectionLimitsComeFromTheEnvironmentWithSaneDefaults() throws {
        let defaults = try ServerSettings.resolve(environment: [:]).connections
        #expect(defaults == ConnectionSettings())
        #expect(defaults.maxConnections == 4096)
        #expect(defaults.headerTimeout == .seconds(10))
        let set = try ServerSettings.resolve(environment: [
            "QUOTEGEN_MAX_CONNECTIONS": "50", "QUOTEGEN_HEADER_TIMEOUT": "2.5", "QUOTEGEN_BODY_TIMEOUT": "3", "QUOTEGEN_IDLE_TIMEOUT": "4",
        ]).connections
        #expect(set.maxConnections == 50)
        #expect(set.headerTimeout == .milliseconds(2500))
        #expect(set.bodyTimeout == .seconds(3))
        #expect(set.idleTimeout == .seconds(4))
    }

    @Test func theConnectionCapLeavesRoomForTheDatabaseUnderTheOpenFileLimit() {
        var settings = ConnectionSettings()
        settings.fit(openFileLimit: 1024)
        #expect(settings.maxConnections == 1024 - DescriptorLimit.reserved)
        var roomy = ConnectionSettings()
        roomy.fit(openFileLimit: 1_048_576)
        #expect(roomy.maxConnections == 4096)
        var tiny = ConnectionSettings()
        tiny.fit(openFileLimit: 100)
        #expect(tiny.maxConnections == 1)
    }

    @Test(arguments: [["QUOTEGEN_PORT": "http"], ["QUOTEGEN_PORT": "70000"], ["QUOTEGEN_MAX_CONNECTIONS": "0"],
                      ["QUOTEGEN_HEADER_TIMEOUT": "-1"], ["QUOTEGEN_IDLE_TIMEOUT": "soon"], ["QUOTEGEN_BODY_TIMEOUT": "1e9"], ["QUOTEGEN_ADMIN_TOKEN": "a", "QUOTEGEN_ADMIN_TOKEN_FILE": "/x"],
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

    @Test func aShortAdminTokenAndATokenFileOthersCanReadAreWarnedAbout() async throws {
        let short = try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN": "change-me"])
        #expect(short.warnings == ["the admin token is 9 characters long; use at least 32 random ones (openssl rand -hex 32)"])
        #expect(!short.warnings.joined().contains("change-me"))
        let long = try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN": String(repeating: "k", count: 32)])
        #expect(long.warnings.isEmpty)
        try await withTemporaryDirectory { folder in
            let file = folder.appending(path: "token").path
            try Data(String(repeating: "f", count: 40).utf8).write(to: URL(fileURLWithPath: file))
            chmod(file, 0o644)
            let open = try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN_FILE": file])
            #expect(open.warnings == ["the admin token file \(file) can be read or written by other users (mode 0644); chmod 600 it"])
            chmod(file, 0o600)
            #expect(try ServerSettings.resolve(environment: ["QUOTEGEN_ADMIN_TOKEN_FILE": file]).warnings.isEmpty)
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

@Suite(.timeLimit(.minutes(1))) struct LogFormatTests {
    @Test func formatIsTextByDefaultJSONOnRequestAndAnythingElseIsAClearError() throws {
        #expect(try ServerSettings.logFormat(environment: [:]) == .text)
        #expect(try ServerSettings.logFormat(environment: ["QUOTEGEN_LOG_FORMAT": "JSON"]) == .json)
        #expect(throws: SettingsError.self) { try ServerSettings.logFormat(environment: ["QUOTEGEN_LOG_FORMAT": "yaml"]) }
    }

    @Test func jsonLinesCarryLevelMessageAndMetadataAsObjects() throws {
        let lines = Mutex<[Data]>([])
        var handler = JSONLogHandler(label: "quotegen") { line, _ in lines.withLock { $0.append(line) } }
        handler.logLevel = .info
        handler[metadataKey: "component"] = "test"
        let logger = Logger(label: "quotegen") { _ in handler }
        logger.info("request", metadata: ["status": "200", "message": "shadowed", "nested": ["a": "b"], "quote": "He said \"hi\"\nthen left"])
        logger.debug("not at this level")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false, "one object per line")
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["message"] as? String == "request")
        #expect(object["label"] as? String == "quotegen")
        #expect(object["status"] as? String == "200")
        #expect(object["component"] as? String == "test")
        #expect(object["metadata.message"] as? String == "shadowed")
        #expect(object["quote"] as? String == "He said \"hi\"\nthen left")
        #expect((object["nested"] as? [String: String]) == ["a": "b"])
        #expect((object["timestamp"] as? String)?.hasSuffix("Z") == true)
    }
}

@Suite(.timeLimit(.minutes(1))) struct RequestLogFormatTests {
    @Test(arguments: [
        (Duration.nanoseconds(0), "0.00"), (.microseconds(410), "0.41"), (.microseconds(1_005), "1.00"),
        (.microseconds(12_345), "12.34"), (.milliseconds(2_500), "2500.00"), (.microseconds(90), "0.09"),
    ])
    func durationsAreMillisecondsWithTwoDecimals(duration: Duration, text: String) {
        #expect(RequestLogMiddleware<BasicRequestContext>.milliseconds(duration) == text)
    }
}
