import Hummingbird
import NIOCore
import Foundation
import HummingbirdTesting
import Testing

/// The built `quotegen` executable, run as a real process: what crash, restart and signal tests need.
final class ServerProcess: @unchecked Sendable {
    /// `swift test` builds the executable next to the test bundle; QUOTEGEN_BINARY overrides.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["QUOTEGEN_BINARY"] { return URL(fileURLWithPath: path) }
        let testRunner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return testRunner.deletingLastPathComponent().appending(path: "quotegen")
    }

    let process: Spawned
    let logFile: URL

    /// Starts `quotegen ARGUMENTS` with only the given QUOTEGEN_* variables; `runAs` wraps it (e.g. setpriv).
    init(
        arguments: [String], environment: [String: String] = [:], logFile: URL,
        executable: URL = ServerProcess.executable, runAs wrapper: [String] = []
    ) throws {
        self.logFile = logFile
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let command = wrapper.isEmpty ? [executable.path] + arguments : wrapper + [executable.path] + arguments
        var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QUOTEGEN_") }
        inherited.merge(environment) { $1 }
        process = try Spawned(command[0], Array(command.dropFirst()), environment: inherited, output: logFile.path)
    }

    /// Starts `quotegen serve` on a free loopback port and waits until it listens.
    static func serve(
        database: String, seed: String, folder: URL, name: String = "server",
        environment: [String: String] = ["QUOTEGEN_ADMIN_TOKEN": adminSecret]
    ) async throws -> (ServerProcess, Int) {
        let server = try ServerProcess(
            arguments: ["serve", "--port", "0", "--db", database, "--seed", seed],
            environment: environment,
            logFile: folder.appending(path: "\(name)-\(UUID().uuidString).log")
        )
        var port: Int?
        _ = try await eventually(seconds: 30) {
            port = server.listeningPort
            return port != nil || !server.process.isRunning
        }
        guard let port else {
            server.process.terminate()
            throw TestFailure("quotegen did not start listening: \(server.log)")
        }
        return (server, port)
    }

    /// Runs `quotegen ARGUMENTS` to completion; returns its exit status and everything it printed.
    static func run(_ arguments: [String], folder: URL) async throws -> (status: Int32?, output: String) {
        let process = try ServerProcess(arguments: arguments, logFile: folder.appending(path: "run-\(UUID().uuidString).log"))
        let status = try await process.exitStatus(within: 60)
        return (status, process.log)
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The port from Hummingbird's "Server started and listening on HOST:PORT" line (text or JSON logs).
    var listeningPort: Int? {
        guard let match = log.firstMatch(of: /Server started and listening on [^\s"]*:(\d+)/) else { return nil }
        return Int(match.1)
    }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end (at most `seconds`) and returns its exit status, or nil if it still runs.
    func exitStatus(within seconds: Double = 15) async throws -> Int32? {
        _ = try await eventually(seconds: seconds) { !process.isRunning }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// One HTTP request to a live server on loopback.
func liveRequest(
    port: Int, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil
) async throws -> TestClient.Response {
    try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
        try await client.execute(.init(uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }))
    }
}

/// Runs `body` against `quotegen serve` on `database` (default: a new one in `folder`) with no seed file,
/// then stops it with SIGTERM and expects exit code 0.
func withServer(
    in folder: URL, database: String? = nil, environment: [String: String] = ["QUOTEGEN_ADMIN_TOKEN": adminSecret],
    _ body: (ServerProcess, Int) async throws -> Void
) async throws {
    let (server, port) = try await ServerProcess.serve(
        database: database ?? folder.appending(path: "q.sqlite").path, seed: folder.appending(path: "none.txt").path,
        folder: folder, environment: environment
    )
    try await body(server, port)
    server.send(SIGTERM)
    #expect(try await server.exitStatus() == 0)
}
