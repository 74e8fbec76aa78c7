import Hummingbird
import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenJSON
@testable import QuotegenRuntime

/// The subcommands as a user runs them, beside or without a server.
@Suite(.serialized, .timeLimit(.minutes(2))) struct CommandLineTests {
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
            #expect(again.output.contains("seed file unchanged since its last import: nothing to add"))
            try Data("One\nTwo\n\nOne\nThree\n".utf8).write(to: seed)
            let changed = try await ServerProcess.run(["seed", "--db", database, "--seed", seed.path], folder: folder)
            #expect(changed.output.contains("added 1, skipped 3 (3 already stored, 0 invalid)"))
            let missing = try await ServerProcess.run(["seed", "--db", database, "--seed", folder.appending(path: "none").path], folder: folder)
            #expect(missing.status != 0)
            #expect(missing.output.contains("no seed file at"))
        }
    }

    /// Log lines are buffered for up to 100 ms; a command that ends sooner must still write every one of them.
    @Test func aShortCommandsInfoLinesAreWrittenBeforeItExits() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            let seed = folder.appending(path: "seed.txt")
            try Data("One\nTwo\n".utf8).write(to: seed)
            for _ in 0..<5 {
                let run = try await ServerProcess.run(["seed", "--db", database, "--seed", seed.path], folder: folder)
                #expect(run.status == 0)
                // The first run imports, the next ones find the file unchanged: either way an info line.
                #expect(run.output.contains("seed file imported") || run.output.contains("seed file unchanged"), "\(run.output)")
            }
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
                #expect(server.log.contains("no admin token: the admin API is disabled until one is created"))
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

    /// Also: reads never wait for the seeder's batches (issue 4: the server answers GET /quote while seeding runs).
    @Test func aSecondProcessWritingTheSameDatabaseNeverCausesA500() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            try await withServer(in: folder, database: database) { _, port in
                let first = try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Before the seeder"}"#)
                #expect(first.status == .created)
                let bigSeed = folder.appending(path: "big.txt")
                try Data((0..<20_000).map { "Bulk line \($0)" }.joined(separator: "\n").utf8).write(to: bigSeed)
                async let seeding = ServerProcess.run(["seed", "--db", database, "--seed", bigSeed.path], folder: folder)
                var statuses: [HTTPResponse.Status] = []
                var reads: [HTTPResponse.Status] = []
                for index in 0..<50 {
                    statuses.append(try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Beside the seeder \#(index)"}"#).status)
                    reads.append(try await liveRequest(port: port, .get, "/quote").status)
                    reads.append(try await liveRequest(port: port, .get, "/quotes/1").status)
                }
                let seeded = try await seeding
                #expect(seeded.status == 0)
                #expect(seeded.output.contains("added 20000"))
                #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
                #expect(reads.allSatisfy { $0 == .ok }, "\(reads)")
            }
        }
    }

    @Test func importAndExportThroughTheCommandLine() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            let csv = folder.appending(path: "in.csv")
            try Data("quote,author,tags\n\"Hello, world\",Ann,greeting\n\"Two\nlines\",,\nbad \"row,x,\n".utf8).write(to: csv)
            let imported = try await ServerProcess.run(["import", csv.path, "--db", database], folder: folder)
            #expect(imported.status == 0)
            #expect(imported.output.contains("added 2, revived 0, skipped 0 already stored, rejected 1"))
            #expect(imported.output.contains("in.csv: line 5: a '\"' inside a field that is not quoted"))
            // Not a terminal: plain progress lines.
            #expect(imported.output.contains("importing: 2/2 (100%)"))

            let jsonl = folder.appending(path: "out.jsonl").path
            let exported = try await ServerProcess.run(["export", "--db", database, "--output", jsonl], folder: folder)
            #expect(exported.status == 0)
            #expect(exported.output.contains("exported 2 quotes as jsonl to \(jsonl)"))
            let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[1].contains(#""quote":"Two\nlines""#))

            // txt cannot hold the line break: one clear line, exit 1, and no file left behind.
            let txt = folder.appending(path: "out.txt").path
            let refused = try await ServerProcess.run(["export", "--db", database, "--output", txt], folder: folder)
            #expect(refused.status == 1)
            #expect(refused.output == "quotegen: quote 2 contains a line break, which txt (one quote per line) cannot hold; use --format jsonl or csv\n")
            #expect(!FileManager.default.fileExists(atPath: txt))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".tmp-") })

            // The name decides the format, or must agree with --format; a FIFO is refused; - is standard output.
            for (arguments, message) in [
                (["--output", folder.appending(path: "q.json").path], "cannot tell the format of"),
                (["--format", "csv", "--output", jsonl], "--format csv does not match the name"),
            ] {
                let mismatch = try await ServerProcess.run(["export", "--db", database] + arguments, folder: folder)
                #expect(mismatch.status == 1)
                #expect(mismatch.output.hasPrefix("quotegen: \(message)"), "\(mismatch.output)")
            }
            #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "q.json").path))
            let fifo = folder.appending(path: "pipe").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let toFIFO = try await ServerProcess.run(["export", "--db", database, "--format", "jsonl", "--output", fifo], folder: folder)
            #expect(toFIFO.status == 1)
            #expect(toFIFO.output.contains("is a FIFO"))
            let toStandardOutput = try await ServerProcess.run(["export", "--db", database, "--format", "jsonl", "--output", "-"], folder: folder)
            #expect(toStandardOutput.status == 0)
            #expect(toStandardOutput.output.contains(#""quote":"Hello, world""#))
            // A private file stays private when replaced.
            chmod(jsonl, 0o600)
            #expect(try await ServerProcess.run(["export", "--db", database, "--output", jsonl], folder: folder).status == 0)
            #expect(try FileManager.default.attributesOfItem(atPath: jsonl)[.posixPermissions] as? Int == 0o600)

            let strict = try await ServerProcess.run(["import", csv.path, "--db", database, "--strict"], folder: folder)
            #expect(strict.status == 1)
            #expect(strict.output.hasPrefix("quotegen: 1 invalid row(s), nothing imported (--strict):"))
            let unknown = try await ServerProcess.run(["import", folder.appending(path: "x.dat").path, "--db", database], folder: folder)
            #expect(unknown.status == 1)
            #expect(unknown.output.contains("pass --format txt, jsonl, csv or quotable"))
        }
    }

    /// The server polls for other writers' changes every 250 ms; the bound here is looser than the promised
    /// second only so that a loaded CI machine cannot make it flaky.
    @Test func aServerServesImportedQuotesPromptly() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            try await withServer(in: folder, database: database) { _, port in
                let file = folder.appending(path: "more.jsonl")
                try Data((1...3000).map { #"{"quote": "Imported \#($0)", "author": "Importer", "tags": ["imported"]}"# }.joined(separator: "\n").utf8)
                    .write(to: file)
                let imported = try await ServerProcess.run(["import", file.path, "--db", database], folder: folder)
                #expect(imported.status == 0)
                let done = ContinuousClock.now
                var seen = false
                while !seen, ContinuousClock.now - done < .seconds(3) {
                    seen = try await liveRequest(port: port, .get, "/quote?tag=imported").status == .ok
                    if !seen { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(seen, "the imported quotes were not served within 3 seconds")
                // Export, too, runs beside the serving process, from one consistent read.
                let exported = try await ServerProcess.run(
                    ["export", "--db", database, "--format", "csv", "--output", folder.appending(path: "out.csv").path], folder: folder
                )
                #expect(exported.status == 0)
                #expect(exported.output.contains("exported 3000 quotes as csv"))
                let authors = try await liveRequest(port: port, .get, "/authors")
                #expect(String(buffer: authors.body ?? ByteBuffer()).contains(#"{"count":3000,"name":"Importer"}"#))
            }
        }
    }


    @Test func backupWhileServingThenRestoreOnlyOnceTheServerStopped() async throws {
        try await withTemporaryDirectory { folder in
            let database = folder.appending(path: "q.sqlite").path
            let backup = folder.appending(path: "backup.sqlite").path
            let (server, port) = try await ServerProcess.serve(database: database, seed: folder.appending(path: "none").path, folder: folder)
            for n in 1...20 {
                let created = try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Saved \#(n)"}"#)
                #expect(created.status == .created)
            }
            let backedUp = try await ServerProcess.run(["backup", backup, "--db", database], folder: folder)
            #expect(backedUp.status == 0)
            #expect(backedUp.output.contains("backed up 20 live quotes to \(backup)"))
            let ontoItself = try await ServerProcess.run(["backup", database, "--db", database], folder: folder)
            #expect(ontoItself.status == 1)
            #expect(ontoItself.output == "quotegen: refusing to back up onto \(database): it is the database itself; choose a path outside the database's files\n")
            let later = try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "After the backup"}"#)
            #expect(later.status == .created)

            let refused = try await ServerProcess.run(["restore", backup, "--db", database], folder: folder)
            #expect(refused.status == 1)
            #expect(refused.output == "quotegen: \(database) is in use by a quotegen process (a server, seed or import); stop it first, then restore\n")

            server.send(SIGTERM)
            #expect(try await server.exitStatus() == 0)
            let restored = try await ServerProcess.run(["restore", backup, "--db", database], folder: folder)
            #expect(restored.status == 0)
            #expect(restored.output.contains("restored 20 live quotes"))
            try await withServer(in: folder, database: database) { _, port in
                let page = try await liveRequest(port: port, .get, "/quotes?limit=100")
                let text = String(buffer: page.body ?? ByteBuffer())
                #expect(text.contains("Saved 20"))
                #expect(!text.contains("After the backup"))
            }
        }
    }


    @Test func jsonLogsAreOneObjectPerLine() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(in: folder, environment: ["QUOTEGEN_ADMIN_TOKEN": adminSecret, "QUOTEGEN_LOG_FORMAT": "json"]) { server, port in
                #expect(try await liveRequest(port: port, .get, "/healthz").status == .ok)
                _ = try await eventually { server.log.contains(#""path":"/healthz""#) }
                let lines = server.log.split(separator: "\n")
                #expect(lines.count >= 3)
                for line in lines {
                    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    #expect(object?["level"] is String, "not a JSON log line: \(line)")
                }
                #expect(lines.contains { $0.contains(#""message":"request""#) && $0.contains(#""status":"200""#) })
            }
        }
    }

}
