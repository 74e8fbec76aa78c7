import Foundation
import QuotegenCore

/// A PostgreSQL store as `--db` / `QUOTEGEN_DB` names it: `postgres://user[:password]@host[:port]/database[?…]`
/// (or `postgresql://`). Query parameters: `sslmode` (`disable`, `prefer`, `require`, `verify-full`; default
/// `prefer`, as libpq), `sslrootcert` (a CA file, for `verify-full`), `pool_max` (connections per process) and
/// `connect_timeout` (seconds). The password comes from the URL, else the file named by
/// `QUOTEGEN_DB_PASSWORD_FILE` (Docker secrets), else `PGPASSWORD`; it is never part of `description`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    public var sslRootCertificate: String?
    public var poolSize: Int
    public var connectTimeoutSeconds: Int

    /// Two connections per core, at least 4: a process's requests wait on the database, not on its CPU.
    public static let defaultPoolSize = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    /// Whether `location` names a PostgreSQL store rather than a SQLite file.
    public static func isURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Reads `url`; `environment` gives `QUOTEGEN_DB_PASSWORD_FILE` and `PGPASSWORD` when the URL has no password.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresLocationError) {
        guard Self.isURL(url), let parts = URLComponents(string: url) else {
            throw PostgresLocationError("\(Self.masked(url)) is not a URL of the form postgres://user@host:port/database")
        }
        guard let host = parts.host, !host.isEmpty else { throw PostgresLocationError("\(Self.masked(url)) names no host") }
        guard let user = parts.user, !user.isEmpty else { throw PostgresLocationError("\(Self.masked(url)) names no user") }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("\(Self.masked(url)) names no database (postgres://user@host:port/DATABASE)")
        }
        (self.host, self.port, self.username, self.database) = (host, parts.port ?? 5432, user.removingPercentEncoding ?? user, database)
        (sslMode, sslRootCertificate, poolSize, connectTimeoutSeconds) = (.prefer, nil, Self.defaultPoolSize, 10)
        for item in parts.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw PostgresLocationError("sslmode=\(value) is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert":
                sslRootCertificate = value
            case "pool_max":
                guard let size = Int(value), (1...256).contains(size) else {
                    throw PostgresLocationError("pool_max=\(value) is not a whole number from 1 to 256")
                }
                poolSize = size
            case "connect_timeout":
                guard let seconds = Int(value), (1...600).contains(seconds) else {
                    throw PostgresLocationError("connect_timeout=\(value) is not a number of seconds from 1 to 600")
                }
                connectTimeoutSeconds = seconds
            default:
                throw PostgresLocationError("\(item.name) is not a parameter quotegen reads (sslmode, sslrootcert, pool_max, connect_timeout)")
            }
        }
        if sslMode == .verifyFull, sslRootCertificate == nil {
            throw PostgresLocationError("sslmode=verify-full needs sslrootcert=PATH (the CA that signed the server's certificate)")
        }
        if let password = parts.password {
            self.password = password.removingPercentEncoding ?? password
        } else {
            password = try Self.password(from: environment)
        }
    }

    private static func password(from environment: [String: String]) throws(PostgresLocationError) -> String? {
        if let path = environment["QUOTEGEN_DB_PASSWORD_FILE"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw PostgresLocationError("QUOTEGEN_DB_PASSWORD_FILE names \(path), which cannot be read")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        return nil
    }

    /// The URL as logs and errors show it: never with the password.
    public var description: String {
        var text = "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
        if let sslRootCertificate { text += "&sslrootcert=\(sslRootCertificate)" }
        return text
    }

    /// `url` with any password replaced by `***`, for messages about a URL that could not be read.
    public static func masked(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

/// A `--db` URL that cannot be used, in one line without its password.
public struct PostgresLocationError: UserFacingError, Equatable {
    public let description: String

    init(_ reason: String) {
        description = "cannot use database URL: \(reason)"
    }
}
