import Foundation
import Logging
import QuotegenCore
import QuotegenHTTP

/// Everything `quotegen serve` needs, resolved from flags, then the environment, then defaults.
public struct ServerSettings: Sendable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 5000
    public static let defaultDatabasePath = "./data/quotes.sqlite"
    public static let defaultSeedPath = "./seed/quotes.txt"

    public var host: String
    public var port: Int
    public var databasePath: String
    public var seedPath: String
    public var adminToken: BearerToken?
    /// Protects `GET /metrics` when set; the metrics are open without it.
    public var metricsToken: BearerToken?
    /// How often the seed file is checked for changes while serving.
    public var seedPollInterval: Duration = .milliseconds(500)
    /// How often the quote index looks for changes made by other processes.
    public var indexRefreshInterval: Duration = .milliseconds(250)
    /// Connection cap and timeouts.
    public var connections = ConnectionSettings()
    /// Failed token checks (admin API, `/metrics`) one client address may make per minute before it gets 429s
    /// (`QUOTEGEN_AUTH_FAILURES_PER_MINUTE`). Behind a proxy every client shares the proxy's address.
    public var authFailuresPerMinute = 10
    /// What the server should warn about at start (a weak admin token, a token file others can read).
    public var warnings: [String] = []

    public init(
        host: String, port: Int, databasePath: String, seedPath: String, adminToken: BearerToken?,
        metricsToken: BearerToken? = nil
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.seedPath = seedPath
        self.adminToken = adminToken
        self.metricsToken = metricsToken
    }

    /// Flags win over `QUOTEGEN_*` variables, which win over the defaults.
    public static func resolve(
        host: String? = nil,
        port: Int? = nil,
        databasePath: String? = nil,
        seedPath: String? = nil,
        environment: [String: String]
    ) throws(SettingsError) -> ServerSettings {
        let address = try resolveListenAddress(host: host, port: port, environment: environment)
        var settings = ServerSettings(
            host: address.host,
            port: address.port,
            databasePath: resolveDatabasePath(databasePath, environment: environment),
            seedPath: resolveSeedPath(seedPath, environment: environment),
            adminToken: try adminToken(environment: environment),
            metricsToken: environment.nonEmpty("QUOTEGEN_METRICS_TOKEN").flatMap(BearerToken.init)
        )
        settings.connections = try ConnectionSettings.resolve(environment: environment)
        if let raw = environment.nonEmpty("QUOTEGEN_AUTH_FAILURES_PER_MINUTE") {
            guard let value = Int(raw), (1...1_000_000).contains(value) else {
                throw SettingsError("QUOTEGEN_AUTH_FAILURES_PER_MINUTE must be a whole number from 1 to 1000000; got '\(raw)'")
            }
            settings.authFailuresPerMinute = value
        }
        settings.warnings = tokenWarnings(environment: environment)
        return settings
    }

    /// Host and port: flags, then `QUOTEGEN_HOST` and `QUOTEGEN_PORT`, then the defaults.
    public static func resolveListenAddress(
        host: String?, port: Int?, environment: [String: String]
    ) throws(SettingsError) -> (host: String, port: Int) {
        var port = port
        if port == nil, let raw = environment.nonEmpty("QUOTEGEN_PORT") {
            guard let value = Int(raw) else { throw SettingsError("QUOTEGEN_PORT must be a port number; got '\(raw)'") }
            port = value
        }
        let resolvedPort = port ?? defaultPort
        guard (0...65535).contains(resolvedPort) else {
            throw SettingsError("the port must be from 0 to 65535; got \(resolvedPort)")
        }
        return (host ?? environment.nonEmpty("QUOTEGEN_HOST") ?? defaultHost, resolvedPort)
    }

    public static func resolveDatabasePath(_ flag: String?, environment: [String: String]) -> String {
        flag ?? environment.nonEmpty("QUOTEGEN_DB") ?? defaultDatabasePath
    }

    public static func resolveSeedPath(_ flag: String?, environment: [String: String]) -> String {
        flag ?? environment.nonEmpty("QUOTEGEN_SEED") ?? defaultSeedPath
    }

    /// `QUOTEGEN_ADMIN_TOKEN`, or the trimmed content of the file named by `QUOTEGEN_ADMIN_TOKEN_FILE`.
    /// An empty variable counts as unset (as compose writes `${VAR}` for an unset VAR).
    static func adminToken(environment: [String: String]) throws(SettingsError) -> BearerToken? {
        let direct = environment.nonEmpty("QUOTEGEN_ADMIN_TOKEN")
        let file = environment.nonEmpty("QUOTEGEN_ADMIN_TOKEN_FILE")
        switch (direct, file) {
        case (.some, .some):
            throw SettingsError("set QUOTEGEN_ADMIN_TOKEN or QUOTEGEN_ADMIN_TOKEN_FILE, not both")
        case (.some(let secret), nil):
            return BearerToken(secret)
        case (nil, .some(let path)):
            let contents: String
            do {
                contents = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw SettingsError("cannot read the admin token file \(path) (QUOTEGEN_ADMIN_TOKEN_FILE)")
            }
            guard let token = BearerToken(contents.trimmingWhitespace()) else {
                throw SettingsError("the admin token file \(path) is empty")
            }
            return token
        case (nil, nil):
            return nil
        }
    }

    /// Shorter than this, a token can be guessed or was typed by hand.
    public static let minimumTokenLength = 32

    /// Warnings about how the admin token is kept; never the token itself.
    static func tokenWarnings(environment: [String: String]) -> [String] {
        var warnings: [String] = []
        let token = (try? adminToken(environment: environment)) ?? nil
        if let token, token.length < minimumTokenLength {
            warnings.append(
                "the admin token is \(token.length) characters long; use at least \(minimumTokenLength) random ones (openssl rand -hex 32)"
            )
        }
        if let path = environment.nonEmpty("QUOTEGEN_ADMIN_TOKEN_FILE") {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o006 != 0 {
                let mode = String(info.st_mode & 0o777, radix: 8)
                warnings.append("the admin token file \(path) can be read or written by other users (mode 0\(mode)); chmod 600 it")
            }
        }
        return warnings
    }

    /// `QUOTEGEN_LOG_FORMAT`: `text` (default, for people) or `json` (one object per line, for log collectors).
    public static func logFormat(environment: [String: String]) throws(SettingsError) -> LogFormat {
        guard let raw = environment.nonEmpty("QUOTEGEN_LOG_FORMAT") else { return .text }
        guard let format = LogFormat(rawValue: raw.lowercased()) else {
            throw SettingsError("QUOTEGEN_LOG_FORMAT must be text or json; got '\(raw)'")
        }
        return format
    }

    /// `QUOTEGEN_LOG_LEVEL`: trace, debug, info (default), notice, warning, error or critical.
    public static func logLevel(environment: [String: String]) throws(SettingsError) -> Logger.Level {
        guard let raw = environment.nonEmpty("QUOTEGEN_LOG_LEVEL") else { return .info }
        guard let level = Logger.Level(rawValue: raw.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw SettingsError("QUOTEGEN_LOG_LEVEL must be one of \(names); got '\(raw)'")
        }
        return level
    }
}

/// How log lines are written: `text` for people, `json` for log collectors.
public enum LogFormat: String, Sendable {
    case text
    case json
}

/// A setting that cannot be used; the message says which and why.
public struct SettingsError: UserFacingError {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension [String: String] {
    public func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}
