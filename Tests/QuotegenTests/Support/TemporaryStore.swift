import Foundation
import GRDB
@testable import QuotegenJSON
@testable import QuotegenRuntime
@testable import QuotegenSQLite

/// A migrated database in a temporary folder, opened as the server opens it, with its repository.
struct TemporaryStore {
    let folder: URL
    let path: String
    let database: AppDatabase
    let repository: SQLiteQuoteRepository

    /// Writes through a connection of its own, as another process (`quotegen seed`, `import`) would.
    func writeElsewhere(_ updates: @escaping @Sendable (Database) throws -> Void) async throws {
        let other = try DatabaseQueue(path: path)
        try await other.write(updates)
        try other.close()
    }
}

func withStore(_ body: (TemporaryStore) async throws -> Void) async throws {
    try await withTemporaryDirectory { folder in
        let path = folder.appending(path: "q.sqlite").path
        let database = try AppDatabase.open(path: path)
        defer { try? database.close() }
        try await body(TemporaryStore(folder: folder, path: path, database: database, repository: SQLiteQuoteRepository(database: database)))
    }
}
