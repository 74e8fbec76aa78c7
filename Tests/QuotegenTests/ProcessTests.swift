import Hummingbird
import NIOCore
import Foundation
import HummingbirdTesting
import GRDB
import Testing
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenSQLite

/// Tests that need the real executable: crashes, restarts, signals and start-up failures.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProcessTests {
    @Test func acknowledgedWritesSurviveSIGKILL() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "data/quotes.sqlite").path
            let seed = folder.appending(path: "seed.txt").path
            try Data("Seeded\n".utf8).write(to: URL(fileURLWithPath: seed))
            let (server, port) = try await ServerProcess.serve(database: database, seed: seed, folder: folder)
            var ids: [String] = []
            for index in 0..<25 {
                let response = try await liveRequest(
                    port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Durable \#(index)"}"#
                )
                #expect(response.status == .created)
                ids.append(try #require(response.head.headerFields[.location]))
            }
            let rejected = try await liveRequest(
                port: port, .post, "/quotes", headers: [.authorization: "Bearer guessed-secret-42", .contentType: "application/json"],
                body: #"{"quote": "x"}"#
            )
            #expect(rejected.status == .unauthorized)
            #expect(!server.log.contains(adminSecret), "the admin token must never be logged")
            #expect(!server.log.contains("guessed-secret-42"), "nor a presented one")
            #expect(server.log.components(separatedBy: "admin call rejected").count == 2, "one line per rejected attempt")
            #expect(server.log.contains("client=127.0.0.1"))
            #expect(server.log.contains("route=POST /quotes"))
            #expect(server.log.components(separatedBy: "method=POST path=/quotes status=201").count == 26, "one log line per request")
            server.send(SIGKILL)  // right after the last 201
            #expect(try await server.exitStatus() != nil)

            let (restarted, newPort) = try await ServerProcess.serve(database: database, seed: seed, folder: folder, name: "restarted")
            for location in ids {
                #expect(try await liveRequest(port: newPort, .get, location).status == .ok)
            }
            let page = try await liveRequest(port: newPort, .get, "/quotes?limit=100")
            let json = try JSONSerialization.jsonObject(with: Data(buffer: try #require(page.body))) as! [String: Any]
            #expect((json["items"] as! [Any]).count == 26)  // restarts never duplicate the seed
            restarted.send(SIGTERM)
            #expect(try await restarted.exitStatus() == 0)
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalEndsCleanlyWithExitZero(signal: Int32) async throws {
        try await withTemporaryDirectory { folder in
            let (server, port) = try await ServerProcess.serve(
                database: folder.appending(path: "q.sqlite").path, seed: folder.appending(path: "none.txt").path, folder: folder
            )
            #expect(try await liveRequest(port: port, .get, "/healthz").status == .ok)
            server.send(signal)
            #expect(try await server.exitStatus(within: 10) == 0)
            #expect(server.log.contains("database closed"))
        }
    }

    @Test func theHealthcheckCommandReflectsTheServer() async throws {
        try await withTemporaryDirectory { folder in
            let (server, port) = try await ServerProcess.serve(
                database: folder.appending(path: "q.sqlite").path, seed: folder.appending(path: "none.txt").path, folder: folder
            )
            func healthcheck() async throws -> Int32? {
                let probe = try ServerProcess(
                    arguments: ["healthcheck"], environment: ["QUOTEGEN_HOST": "0.0.0.0", "QUOTEGEN_PORT": "\(port)"],
                    logFile: folder.appending(path: "probe-\(UUID().uuidString).log")
                )
                return try await probe.exitStatus()
            }
            #expect(try await healthcheck() == 0)
            server.send(SIGTERM)
            #expect(try await server.exitStatus() == 0)
            #expect(try await healthcheck() == 1)
        }
    }

    @Test func aDirectoryAsDatabaseIsOneClearLine() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "actually-a-folder").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let message = try await failingStart(database: path, folder: folder)
            #expect(message == "quotegen: cannot use database \(path): it is a directory, not a database file")
        }
    }

    @Test func aCorruptDatabaseIsOneClearLine() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "corrupt.sqlite").path
            try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: path))
            let message = try await failingStart(database: path, folder: folder)
            #expect(message == "quotegen: cannot use database \(path): file is not a database")
        }
    }

    @Test func anUnwritableFolderIsOneClearLine() async throws {
        try await withTemporaryDirectory { folder in
            let locked = folder.appending(path: "locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            let path = locked.appending(path: "quotes.sqlite").path
            // Root ignores permission bits, so as root the server runs as nobody instead, from a copy
            // that nobody can reach whatever the permissions of the checkout's folders.
            let asRoot = getuid() == 0
            let runAs = asRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
            let executable = asRoot ? folder.appending(path: "quotegen") : ServerProcess.executable
            if asRoot { try FileManager.default.copyItem(at: ServerProcess.executable, to: executable) }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try FileManager.default.setAttributes([.posixPermissions: getuid() == 0 ? 0o755 : 0o555], ofItemAtPath: locked.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
            let message = try await failingStart(database: path, folder: folder, executable: executable, runAs: runAs)
            let uid = getuid() == 0 ? 65534 : getuid()
            #expect(message.hasPrefix("quotegen: cannot use database \(path): folder \(locked.path) is not writable by uid \(uid)"))
            #expect(message.contains("mount a named volume there, or give that uid the host folder (chown \(uid) FOLDER)"))
        }
    }

    @Test func exportReadsADatabaseInAFolderItCannotWriteToWithoutChangingIt() async throws {
        try await withTemporaryDirectory { folder in
            let locked = folder.appending(path: "locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            let path = locked.appending(path: "quotes.sqlite").path
            let database = try AppDatabase.open(path: path)
            _ = try await SQLiteQuoteRepository(database: database).addSeedQuotes(["Read me", "And me"])
            try database.close()
            // The hardest case: a WAL database with neither -wal nor -shm beside it (all checkpointed), which a
            // reader could only open by creating the -shm file in a folder it cannot write to.
            let checkpoint = try DatabaseQueue(path: path)
            try await checkpoint.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try checkpoint.close()
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            let asRoot = getuid() == 0
            let runAs = asRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
            let executable = asRoot ? folder.appending(path: "quotegen") : ServerProcess.executable
            if asRoot { try FileManager.default.copyItem(at: ServerProcess.executable, to: executable) }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let process = try ServerProcess(
                arguments: ["export", "--db", path, "--format", "txt"], logFile: folder.appending(path: "export.log"),
                executable: executable, runAs: runAs
            )
            #expect(try await process.exitStatus() == 0)
            #expect(process.log.contains("Read me\nAnd me\n"), "\(process.log)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == ["quotes.sqlite"])
        }
    }

    /// Runs `quotegen migrate` on a database that cannot be used, and returns its only output line.
    private func failingStart(
        database: String, folder: URL, executable: URL = ServerProcess.executable, runAs: [String] = []
    ) async throws -> String {
        let process = try ServerProcess(
            arguments: ["migrate", "--db", database], logFile: folder.appending(path: "fail-\(UUID().uuidString).log"),
            executable: executable, runAs: runAs
        )
        let status = try await process.exitStatus()
        #expect(status == 1)
        let lines = process.log.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(process.log)")
        return String(lines.first ?? "")
    }
}
