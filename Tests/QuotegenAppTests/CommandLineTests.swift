import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The subcommands as a user runs them, beside or without a server.
@Suite(.serialized) struct CommandLineTests {
    @Test func seedImportsOnceAndSaysWhatItDid() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            let seed = folder.appending(path: "seed.txt")
            try Data("One\nTwo\n\nOne\n".utf8).write(to: seed)
            let first = try await ServerProcess.run(["seed", "--db", database, "--seed", seed.path], folder: folder)
            #expect(first.status == 0)
            #expect(first.output.contains("added 2, skipped 1 (1 already stored, 0 invalid)"))
            let again = try await ServerProcess.run(["seed", "--db", database, "--seed", seed.path], folder: folder)
            #expect(again.status == 0)
            #expect(again.output.contains("added 0, skipped 3 (3 already stored, 0 invalid)"))
            let missing = try await ServerProcess.run(["seed", "--db", database, "--seed", folder.appending(path: "none").path], folder: folder)
            #expect(missing.status != 0)
            #expect(missing.output.contains("no seed file at"))
        }
    }

    @Test func migrateCreatesTheDatabaseAndItsFolder() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "new/sub/q.sqlite").path
            let result = try await ServerProcess.run(["migrate", "--db", database], folder: folder)
            #expect(result.status == 0)
            #expect(result.output.contains("database \(database) is up to date"))
            #expect(FileManager.default.fileExists(atPath: database))
        }
    }

    @Test func withoutATokenTheServerWarnsAtStart() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(in: folder, environment: [:]) { server, port in
                #expect(server.log.contains("no admin token configured: the admin API is disabled"))
                #expect(server.log.contains("seed file not found"))
                let refused = try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "x"}"#)
                #expect(refused.status == .unauthorized)
            }
        }
    }

    @Test func quotesSeededByAnotherProcessAreServedWithoutARestart() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            try await withServer(in: folder, database: database) { _, port in
                #expect(try await liveRequest(port: port, .get, "/quote").status == .notFound)
                let seed = folder.appending(path: "other.txt")
                try Data("Arrived from another process".utf8).write(to: seed)
                #expect(try await ServerProcess.run(["seed", "--db", database, "--seed", seed.path], folder: folder).status == 0)
                #expect(try await eventually { try await liveRequest(port: port, .get, "/quote").status == .ok })
            }
        }
    }

    @Test func aSecondProcessWritingTheSameDatabaseNeverCausesA500() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            try await withServer(in: folder, database: database) { _, port in
                let bigSeed = folder.appending(path: "big.txt")
                try Data((0..<20_000).map { "Bulk line \($0)" }.joined(separator: "\n").utf8).write(to: bigSeed)
                async let seeding = ServerProcess.run(["seed", "--db", database, "--seed", bigSeed.path], folder: folder)
                var statuses: [HTTPResponse.Status] = []
                for index in 0..<50 {
                    statuses.append(try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Beside the seeder \#(index)"}"#).status)
                }
                let seeded = try await seeding
                #expect(seeded.status == 0)
                #expect(seeded.output.contains("added 20000"))
                #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
            }
        }
    }
}
