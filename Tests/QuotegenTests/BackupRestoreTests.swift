import Foundation
import GRDB
import Synchronization
import Testing
@testable import QuotegenCore
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenSQLite
@testable import QuotegenServer

@Suite(.timeLimit(.minutes(1))) struct BackupRestoreTests {
    private func liveTexts(at path: String) throws -> Set<String> {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in Set(try String.fetchAll(db, sql: "SELECT text FROM quote WHERE deleted_at IS NULL")) }
    }

    /// Each restore is refused with a message containing its text, and the database keeps exactly `kept`.
    private func expectRestoreRefused(_ cases: [(source: String, message: String)], into path: String, keeping kept: Set<String>) async throws {
        for (source, message) in cases {
            do {
                _ = try await AppDatabase.restore(from: source, to: path)
                Issue.record("\(source) was restored")
            } catch let error as RestoreError {
                #expect(error.description.contains(message), "\(error)")
            }
            #expect(try liveTexts(at: path) == kept)
        }
    }

    @Test func aBackupTakenDuringWritesHoldsEveryWriteAcknowledgedBeforeItStarted() async throws {
        try await withTemporaryDirectory { folder in
            let database = try AppDatabase.open(path: folder.appending(path: "q.sqlite").path)
            defer { try? database.close() }
            let repository = SQLiteQuoteRepository(database: database)
            let acknowledged = Mutex<[String]>([])
            let stop = Atomic(false)
            let writer = Task {
                var n = 0
                while !stop.load(ordering: .relaxed) {
                    n += 1
                    let text = "Written \(n)"
                    _ = try await repository.create(try QuoteContent(text: text, author: "W", tags: ["w"]), by: "test")
                    acknowledged.withLock { $0.append(text) }
                }
            }
            _ = try await eventually { acknowledged.withLock { $0.count } >= 50 }
            let before = Set(acknowledged.withLock { $0 })
            let destination = folder.appending(path: "backups/copy.sqlite").path
            try FileManager.default.createDirectory(atPath: folder.appending(path: "backups").path, withIntermediateDirectories: true)
            let report = try await database.backup(to: destination)
            let after = acknowledged.withLock { $0.count }
            stop.store(true, ordering: .relaxed)
            try await writer.value

            let copied = try liveTexts(at: destination)
            #expect(before.isSubset(of: copied))
            // The one writer may have committed a write that it had not yet recorded as acknowledged.
            #expect(copied.count <= after + 1)
            #expect(report.liveQuotes == copied.count)
            try AppDatabase.check(destination, role: "backup")  // integrity_check and schema
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appending(path: "backups").path) == ["copy.sqlite"])
            let copiedHistory = try AppDatabase.open(path: destination)
            defer { try? copiedHistory.close() }
            let entries = try await copiedHistory.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM quote_revision WHERE action = 'create'") }
            #expect(entries == copied.count, "the backup holds each quote's history")
        }
    }

    /// `quotegen backup` asks the open store; an engine without file snapshots (a server database, whose own tools
    /// make backups) is refused in one line, and nothing is written.
    @Test func aBackupOfAnEngineWithoutFileSnapshotsIsRefusedInOneLineAndWritesNothing() async throws {
        try await withStore { store in
            let opened = OpenStore(store: store.repository, description: "test", snapshots: nil, close: {})
            let destination = store.folder.appending(path: "copy.sqlite").path
            let refusal = await #expect(throws: UnsupportedByEngine.self) { try await opened.backup(to: destination) }
            #expect(refusal?.description.contains("\n") == false)
            #expect(refusal?.description.contains("pg_dump") == true)
            #expect(!FileManager.default.fileExists(atPath: destination))
        }
    }

    @Test func aFailedBackupLeavesNothingBehind() async throws {
        try await withTemporaryDirectory { folder in
            let database = try AppDatabase.open(path: folder.appending(path: "q.sqlite").path)
            defer { try? database.close() }
            await #expect(throws: (any Error).self) {
                _ = try await database.backup(to: folder.appending(path: "missing-folder/copy.sqlite").path)
            }
            #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "missing-folder").path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".tmp-") })
        }
    }

    @Test func aBackupOntoTheDatabaseOrAFileBesideItIsRefusedBeforeAnythingIsWritten() async throws {
        try await withStore { store in
            _ = try await store.repository.addSeedQuotes(["Kept one", "Kept two"])
            let folder = store.folder
            let link = folder.appending(path: "link.sqlite").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: store.path)
            let hardLink = folder.appending(path: "hard.sqlite").path
            #expect(Glibc.link(store.path, hardLink) == 0)
            try FileManager.default.createDirectory(atPath: folder.appending(path: "sub").path, withIntermediateDirectories: true)
            let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            for destination in [
                store.path, folder.appending(path: "sub/../q.sqlite").path, link, hardLink,
                store.path + "-wal", store.path + "-shm", store.path + "-journal",
            ] {
                await #expect(throws: BackupError.self, "\(destination)") { _ = try await store.database.backup(to: destination) }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
            try AppDatabase.check(store.path, role: "the live database")
            #expect(try liveTexts(at: store.path) == ["Kept one", "Kept two"])
        }
    }

    @Test func temporaryFilesOfAKilledBackupAreRemovedByTheNextOneAndThoseOfARunningOneAreKept() async throws {
        try await withStore { store in
            let backups = store.folder.appending(path: "backups")
            try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
            let dead = try endedProcessID()
            let stale = [".copy.sqlite.tmp-\(dead)-42", ".copy.sqlite.tmp-\(dead)-42-journal", ".other.sqlite.tmp-\(dead)-7"]
            let running = ".copy.sqlite.tmp-\(getppid())-9"  // a process that is alive
            for name in stale + [running, "notes.tmp-1-2"] {
                try Data(count: 65536).write(to: backups.appending(path: name))
            }
            _ = try await store.database.backup(to: backups.appending(path: "copy.sqlite").path)
            #expect(try Set(FileManager.default.contentsOfDirectory(atPath: backups.path)) == ["copy.sqlite", running, "notes.tmp-1-2"])
        }
    }

    @Test func aServerStartingRemovesTheTemporaryFileOfARestoreKilledBesideItsDatabase() async throws {
        try await withTemporaryDirectory { folder in
            let leftover = folder.appending(path: ".q.sqlite.tmp-\(try endedProcessID())-5").path
            try Data(count: 4096).write(to: URL(fileURLWithPath: leftover))
            try await withServer(in: folder) { server, _ in
                #expect(!FileManager.default.fileExists(atPath: leftover))
                _ = try await eventually { server.log.contains("removed a temporary file left by a stopped quotegen") }
            }
        }
    }

    @Test func restoreReplacesTheDatabaseAndRefusesWhileItIsOpen() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "q.sqlite").path
            let backup = folder.appending(path: "backup.sqlite").path
            let database = try AppDatabase.open(path: path)
            let repository = SQLiteQuoteRepository(database: database)
            _ = try await repository.addSeedQuotes(["Before one", "Before two"])
            _ = try await database.backup(to: backup)
            _ = try await repository.addSeedQuotes(["After"])

            await #expect(throws: RestoreError("\(path) is in use by a quotegen process (a server, seed or import); stop it first, then restore")) {
                _ = try await AppDatabase.restore(from: backup, to: path)
            }
            #expect(try liveTexts(at: path) == ["Before one", "Before two", "After"])

            try database.close()
            let report = try await AppDatabase.restore(from: backup, to: path)
            #expect(report.liveQuotes == 2)
            let reopened = try AppDatabase.open(path: path)
            defer { try? reopened.close() }
            let restored = try await SQLiteQuoteRepository(database: reopened)
                .quotes(matching: QuoteFilter(), order: .id, afterID: nil, limit: 10).map(\.text)
            #expect(restored == ["Before one", "Before two"])
        }
    }

    @Test func restoreRefusesBrokenForeignAndNewerBackupsAndChangesNothing() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "q.sqlite").path
            let database = try AppDatabase.open(path: path)
            _ = try await SQLiteQuoteRepository(database: database).addSeedQuotes(["Keep me"])
            try database.close()

            let garbage = folder.appending(path: "garbage.sqlite").path
            try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
            let foreign = folder.appending(path: "foreign.sqlite").path
            let foreignQueue = try DatabaseQueue(path: foreign)
            try foreignQueue.inDatabase { db in try db.execute(sql: "CREATE TABLE t (x)") }
            try foreignQueue.close()
            let newer = folder.appending(path: "newer.sqlite").path
            let newerDatabase = try AppDatabase.open(path: newer)
            _ = try await newerDatabase.backup(to: folder.appending(path: "tmp.sqlite").path)
            try newerDatabase.close()
            let newerQueue = try DatabaseQueue(path: newer)
            try newerQueue.inDatabase { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_from_the_future')")
            }
            try newerQueue.close()

            try await expectRestoreRefused([
                (garbage, "cannot be opened"),
                (foreign, "is not a quotegen database"),
                (newer, "was written by a newer quotegen (it has migration 9999_from_the_future"),
            ], into: path, keeping: ["Keep me"])
        }
    }

    @Test func restoreRefusesABackupWhoseSchemaIsNotWhatItsMigrationsBuildNamingTheDifference() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "q.sqlite").path
            let database = try AppDatabase.open(path: path)
            _ = try await SQLiteQuoteRepository(database: database).addSeedQuotes(["Keep me", "And me"])
            let trap = folder.appending(path: "trap.sqlite").path
            let reshaped = folder.appending(path: "reshaped.sqlite").path
            _ = try await database.backup(to: trap)
            _ = try await database.backup(to: reshaped)
            try database.close()
            let trapQueue = try DatabaseQueue(path: trap)
            try await trapQueue.write { db in
                try db.execute(sql: "CREATE TABLE loot (x)")
                try db.execute(sql: """
                    CREATE TRIGGER pwn AFTER INSERT ON quote BEGIN
                        UPDATE quote SET text = 'PWNED ' || id WHERE id != NEW.id; INSERT INTO loot SELECT text FROM quote;
                    END
                    """)
            }
            try trapQueue.close()
            let reshapedQueue = try DatabaseQueue(path: reshaped)
            try await reshapedQueue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF; DROP TABLE quote; CREATE TABLE quote (x)")
            }
            try reshapedQueue.close()

            try await expectRestoreRefused([
                (trap, "has a schema its migrations do not build: it has a trigger 'pwn' on quote that its migrations do not create"),
                (reshaped, "has a schema its migrations do not build: it lacks the index 'quote_by_change_seq' on quote"),
            ], into: path, keeping: ["Keep me", "And me"])
        }
    }

    @Test func theServerRefusesADatabaseWithAnUnknownTriggerAndAcceptsAnExtraIndexWithAWarning() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "q.sqlite").path
            try AppDatabase.open(path: path).close()
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: "CREATE INDEX dba_author ON quote(author)") }
            let withIndex = try AppDatabase.open(path: path)
            #expect(withIndex.schemaExtras == ["it has an index 'dba_author' on quote that its migrations do not create"])
            try withIndex.close()
            try await queue.write { db in
                try db.execute(sql: "CREATE TRIGGER sneaky AFTER DELETE ON quote_tag BEGIN SELECT 1; END")
            }
            try queue.close()
            #expect {
                try AppDatabase.open(path: path)
            } throws: { error in
                "\(error)".contains("its schema was changed outside quotegen: it has a trigger 'sneaky' on quote_tag that its migrations do not create")
            }
        }
    }

    @Test func aDatabaseBeingRestoredCannotBeOpened() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appending(path: "q.sqlite").path
            try AppDatabase.open(path: path).close()
            // A process that another test is starting at this moment holds copies of this process's descriptors
            // until its exec (close-on-exec or not), and with them the shared lock just released: a few retries.
            var lock: DatabaseUseLock?
            for _ in 0..<50 where lock == nil {
                lock = try? DatabaseUseLock.exclusive(path: path)
                if lock == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let held = try #require(lock)
            defer { held.release() }
            #expect(throws: DatabaseOpenError.self) { try AppDatabase.open(path: path) }
        }
    }
}

/// The id of a process that has just ended, so that nothing runs under it.
private func endedProcessID() throws -> pid_t {
    let ended = try Spawned("/bin/true", [], environment: [:])
    ended.waitUntilExit()
    return ended.processIdentifier
}
