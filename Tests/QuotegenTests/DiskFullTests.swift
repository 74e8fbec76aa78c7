import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenCore

/// A real full disk: a 1 MiB tmpfs, which only root can mount (CI runs as root; elsewhere this is skipped).
@Suite(.serialized, .timeLimit(.minutes(2))) struct DiskFullTests {
    /// Root, and a machine that lets root mount a tmpfs (some containers do not): tried once on a scratch folder.
    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let probe = FileManager.default.temporaryDirectory.appending(path: "quotegen-mount-probe-\(getpid())")
        defer { try? FileManager.default.removeItem(at: probe) }
        guard (try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)) != nil,
              (try? runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path])) == 0 else { return false }
        _ = try? runTool("/bin/umount", [probe.path])
        return true
    }()

    @Test(.enabled(if: canMount, "needs root allowed to mount a small tmpfs"))
    func onAFullDiskWritesAre507AndBackupAndExportSayItInOneLineLeavingNothing() async throws {
        try await withTemporaryDirectory { folder in
            let small = folder.appending(path: "small")
            try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
            guard try runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", small.path]) == 0 else {
                Issue.record("could not mount a tmpfs")
                return
            }
            defer { _ = try? runTool("/bin/umount", [small.path]) }
            let database = small.appending(path: "q.sqlite").path
            var acknowledged: [String] = []
            try await withServer(in: folder, database: database) { _, port in
                var full: TestClient.Response?
                for n in 1...200 {
                    let text = "Quote \(n) " + String(repeating: "w", count: 990)
                    let response = try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "\#(text)"}"#)
                    if response.status == .created {
                        acknowledged.append(text)
                    } else {
                        full = response
                        break
                    }
                }
                let answer = try #require(full, "the disk never filled")
                #expect(answer.status.code == 507)
                #expect(answer.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: answer.body ?? ByteBuffer()).contains("disk is full"))
                #expect(try await liveRequest(port: port, .get, "/quotes/1").status == .ok)

                let backup = try await ServerProcess.run(["backup", small.appending(path: "b.sqlite").path, "--db", database], folder: folder)
                #expect(backup.status == 1)
                #expect(backup.output == "quotegen: the disk is full; nothing was written (SQLite: database or disk is full)\n")
                let export = try await ServerProcess.run(
                    ["export", "--db", database, "--output", small.appending(path: "e.jsonl").path], folder: folder
                )
                #expect(export.status == 1)
                #expect(export.output == "quotegen: the disk is full; nothing was written (no space left on device)\n")
                let left = try FileManager.default.contentsOfDirectory(atPath: small.path)
                #expect(Set(left).isSubset(of: ["q.sqlite", "q.sqlite-wal", "q.sqlite-shm"]), "\(left)")
            }
            // Every acknowledged write is there after the restart.
            try await withServer(in: folder, database: database) { _, port in
                let page = String(buffer: try await liveRequest(port: port, .get, "/quotes?limit=100").body ?? ByteBuffer())
                for text in acknowledged { #expect(page.contains(text)) }
            }
        }
    }
}

private func runTool(_ tool: String, _ arguments: [String]) throws -> Int32 {
    try Spawned.run(tool, arguments)
}
