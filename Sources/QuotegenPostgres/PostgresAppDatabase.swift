import Logging
import NIOSSL
import PostgresNIO
import QuotegenCore

/// One PostgreSQL store: its connection pool (running for as long as the database is open) and its schema,
/// migrated on open. Several processes may open the same store at once; each migration runs once.
public final class PostgresAppDatabase: Sendable {
    public let location: PostgresLocation
    private let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(location: PostgresLocation, logger: Logger) throws {
        self.location = location
        self.logger = logger
        client = PostgresClient(configuration: try Self.configuration(location), backgroundLogger: logger)
        let client = client
        runner = Task { await client.run() }
    }

    /// Connects and applies pending migrations; throws one line (without the password) when it cannot.
    public static func open(
        _ location: PostgresLocation, migrations: [PostgresMigration] = PostgresMigration.bundled, logger: Logger = Logger(label: "quotegen.postgres")
    ) async throws -> PostgresAppDatabase {
        do {
            try await probe(location, logger: logger)
        } catch {
            throw PostgresUnavailable(location: location, error)
        }
        let database = try PostgresAppDatabase(location: location, logger: logger)
        // Lets the pool's run() start before the first lease (which would otherwise log a warning).
        for _ in 0..<8 { await Task.yield() }
        do {
            try await database.migrate(migrations)
        } catch {
            await database.close()
            throw PostgresUnavailable(location: location, error)
        }
        return database
    }

    /// Stops the pool: running queries finish, idle connections close.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// The TLS settings of `sslmode`: nil for `disable`; `prefer` and `require` encrypt without checking the
    /// certificate (as libpq does), `verify-full` checks it against `sslrootcert` and the host name.
    static func tlsConfiguration(_ location: PostgresLocation) -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable:
            return nil
        case .prefer, .require:
            tls.certificateVerification = .none
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            tls.trustRoots = .file(location.sslRootCertificate ?? "")
        }
        return tls
    }

    static func configuration(_ location: PostgresLocation) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch (location.sslMode, tlsConfiguration(location)) {
        case (.prefer, let settings?): .prefer(settings)
        case (_, let settings?): .require(settings)
        case (_, nil): .disable
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls
        )
        configuration.options.maximumConnections = location.poolSize
        configuration.options.minimumConnections = min(2, location.poolSize)
        configuration.options.connectTimeout = .seconds(location.connectTimeoutSeconds)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// A statement that runs longer than a request may wait is cancelled by the server, not left running.
    private static let startupParameters = [("statement_timeout", "10000"), ("application_name", "quotegen")]

    /// One connection made and closed before the pool starts, so that a server that refuses (a wrong password,
    /// a certificate that does not verify, nothing listening) is reported at once with its reason, where the pool
    /// would keep retrying in the background.
    static func probe(_ location: PostgresLocation, logger: Logger) async throws {
        try await connect(location, logger: logger).close()
    }

    /// A connection of its own, outside the pool, with the location's TLS and connect timeout (the probe, and
    /// the session that listens for other processes' changes).
    static func connect(_ location: PostgresLocation, logger: Logger) async throws -> PostgresConnection {
        let tls: PostgresConnection.Configuration.TLS = switch (location.sslMode, tlsConfiguration(location)) {
        case (.prefer, let settings?): .prefer(try NIOSSLContext(configuration: settings))
        case (_, let settings?): .require(try NIOSSLContext(configuration: settings))
        case (_, nil): .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls
        )
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeoutSeconds))
        return try await PostgresConnection.connect(
            on: PostgresClient.defaultEventLoopGroup.next(), configuration: configuration, id: 0, logger: logger
        ).get()
    }
}

/// The PostgreSQL store cannot be reached or used: one line, never the password.
public struct PostgresUnavailable: UserFacingError {
    public let description: String

    init(location: PostgresLocation, _ error: any Error) {
        description = "cannot use database \(location): \(PostgresErrorText.describe(error))"
    }
}

/// PostgreSQL refused a statement (a constraint, a deadlock, a statement timeout): its SQLSTATE for the code that
/// handles some of them, and the server's message in one line for everyone else (PSQLError prints nothing useful).
public struct PostgresStatementError: UserFacingError {
    /// The SQLSTATE, e.g. `23505` (unique violation); empty when the error did not come from the server.
    public let sqlState: String
    public let description: String

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState] ?? ""
        description = "the database refused a statement: \(PostgresErrorText.describe(error))"
    }
}

/// What a PostgresNIO error says to a user: the server's own message when there is one (PSQLError's
/// `description` hides everything on purpose), the kind of failure otherwise.
enum PostgresErrorText {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return message + state
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// Whether `error` says the server is unreachable or going away, rather than refusing a statement: connection
    /// failures, and the server's SQLSTATE classes 08 (connection exception) and 57P (operator intervention).
    static func meansUnavailable(_ error: PSQLError) -> Bool {
        if error.code == .server {
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        }
        return [.connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown].contains(error.code)
    }
}

extension PostgresAppDatabase {
    /// How long one operation may wait for PostgreSQL (a pooled connection, then its statements) before it is
    /// answered as `StoreUnavailable` (HTTP 503): while the server is down, requests fail fast instead of hanging.
    static let operationTimeout: Duration = .seconds(5)

    /// One statement; its rows, all read.
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let (client, logger) = (client, logger)
        return try await guarded {
            var rows: [PostgresRow] = []
            for try await row in try await client.query(query, logger: logger) { rows.append(row) }
            return rows
        }
    }

    /// A prepared statement (`PreparedStatements`); its decoded rows, all read.
    func execute<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        let (client, logger) = (client, logger)
        return try await guarded {
            var rows: [Statement.Row] = []
            for try await row in try await client.execute(statement, logger: logger) { rows.append(row) }
            return rows
        }
    }

    /// Runs `body` on one pooled connection, within `operationTimeout` unless `timeLimit` is false.
    func withConnection<T: Sendable>(
        timeLimit: Bool = true, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = client
        return try await guarded(timeLimit: timeLimit) { try await client.withConnection { try await body($0) } }
    }

    /// Runs `body` in one transaction on one pooled connection: committed when it returns, rolled back when it
    /// throws, and the error it threw is the one this throws (PostgresNIO's own `withTransaction` wraps it).
    func transaction<T: Sendable>(
        _ begin: String = "BEGIN", timeLimit: Bool = true, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await withConnection(timeLimit: timeLimit) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
            let result: T
            do {
                result = try await body(connection)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }

    /// Runs `operation` against the time limit, and turns the failures that mean "the server is not there"
    /// (refused or dropped connections, a server shutting down, no answer in time) into `StoreUnavailable`.
    private func guarded<T: Sendable>(timeLimit: Bool = true, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            guard timeLimit else { return try await operation() }
            return try await answered(
                within: Self.operationTimeout, timeout: { StoreUnavailable("no answer within \(Self.operationTimeout)") }, operation
            )
        } catch let error as PSQLError where PostgresErrorText.meansUnavailable(error) {
            throw StoreUnavailable(PostgresErrorText.describe(error))
        } catch let error as PSQLError {
            throw PostgresStatementError(error)
        }
    }
}

extension PostgresConnection {
    /// Runs a statement whose rows do not matter (`SELECT pg_advisory_lock(…)`), reading them all: the server's
    /// error for a statement that returns rows comes after their description, and only reading them raises it.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
