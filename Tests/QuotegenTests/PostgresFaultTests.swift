import Foundation
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// PostgreSQL going away under load and coming back, on a server of the test's own (the shared test server must
/// stay up for every other suite): `scripts/test-postgres.sh` starts, pauses, resumes and removes it.
@Suite(.timeLimit(.minutes(3)), .enabled(if: TestEngine.all.contains(.postgres)))
struct PostgresFaultTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "scripts/test-postgres.sh").path

    /// Runs the cluster script; its first line of output (the URL, for `start`).
    static func cluster(_ arguments: [String], folder: URL) async throws -> String {
        let output = folder.appending(path: "cluster-\(UUID().uuidString).log").path
        let run = try Spawned("/bin/bash", [script] + arguments, environment: ProcessInfo.processInfo.environment, output: output)
        _ = try await eventually(seconds: 60) { !run.isRunning }
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard run.terminationStatus == 0 else { throw TestFailure("test-postgres.sh \(arguments) failed: \(printed)") }
        return printed.split(separator: "\n").first.map(String.init) ?? ""
    }

    @Test func whilePostgreSQLIsDownRequestsAre503InTimeAndTheServerRecoversByItselfLosingNoAcknowledgedWrite() async throws {
        try await withTemporaryDirectory { folder in
            let clusterFolder = folder.appending(path: "pg").path
            let url = try await Self.cluster(["start", clusterFolder, "25433"], folder: folder)
            defer { _ = try? Spawned.run("/bin/bash", [Self.script, "stop", clusterFolder]) }
            try await withServer(in: folder, database: url) { _, port in
                let load = WriteLoad(port: port)
                let writer = Task { await load.run() }
                try await Task.sleep(for: .milliseconds(500))
                _ = try await Self.cluster(["pause", clusterFolder], folder: folder)

                // Down: answered 503 with problem details, in time; liveness stays 200, readiness says 503.
                let start = ContinuousClock.now
                let read = try await liveRequest(port: port, .get, "/quotes/1")
                #expect(read.status == .serviceUnavailable, "\(String(buffer: read.body ?? ByteBuffer()))")
                #expect(ContinuousClock.now - start < .seconds(10))
                #expect(read.headers[.contentType] == "application/problem+json")
                #expect(try await liveRequest(port: port, .get, "/readyz").status == .serviceUnavailable)
                #expect(try await liveRequest(port: port, .get, "/healthz").status == .ok)

                _ = try await Self.cluster(["resume", clusterFolder], folder: folder)
                let back = ContinuousClock.now
                let ready = try await eventually(seconds: 15) {
                    try await liveRequest(port: port, .get, "/readyz").status == .ok
                }
                #expect(ready, "not ready again \(ContinuousClock.now - back) after PostgreSQL came back")
                load.markBack()
                try await Task.sleep(for: .seconds(1))
                writer.cancel()
                await writer.value

                let counts = load.counts
                #expect(counts.acknowledged.count > 0)
                #expect(counts.serverErrorsOnceBack == 0, "5xx after PostgreSQL was back: \(counts)")
                #expect(counts.otherThan503WhileDown == 0, "while down, only 201 or 503: \(counts)")
                for id in counts.acknowledged {
                    #expect(try await liveRequest(port: port, .get, "/quotes/\(id)").status == .ok, "acknowledged quote \(id) lost")
                }
            }
        }
    }
}

/// One client posting new quotes one after another until cancelled, counting what it was answered.
final class WriteLoad: Sendable {
    struct Counts: Sendable, CustomStringConvertible {
        var acknowledged: [Int64] = []
        var serverErrorsOnceBack = 0
        var otherThan503WhileDown = 0
        var description: String { "\(acknowledged.count) acknowledged, \(serverErrorsOnceBack) 5xx once back, \(otherThan503WhileDown) unexpected" }
    }

    let port: Int
    private let state = Mutex((counts: Counts(), back: false))

    init(port: Int) { self.port = port }

    var counts: Counts { state.withLock { $0.counts } }

    func markBack() { state.withLock { $0.back = true } }

    func run() async {
        var number = 0
        while !Task.isCancelled, number < 100_000 {
            number += 1
            let response = try? await liveRequest(
                port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Written under load, number \#(number)"}"#
            )
            state.withLock { state in
                guard let response else { return }
                if response.status == .created, let id = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body ?? ByteBuffer())) as? [String: Any])?["id"] as? Int {
                    state.counts.acknowledged.append(Int64(id))
                } else if state.back, response.status.code >= 500 {
                    state.counts.serverErrorsOnceBack += 1
                } else if response.status != .serviceUnavailable {
                    state.counts.otherThan503WhileDown += 1
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
