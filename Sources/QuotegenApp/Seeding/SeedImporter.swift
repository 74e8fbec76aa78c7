import Foundation
import Logging

/// What one import of the seed file did.
public struct SeedImportReport: Sendable, Equatable {
    /// Quotes stored for the first time.
    public var added: Int
    /// Lines whose text was stored before (deleted quotes included).
    public var alreadyStored: Int
    /// Lines that are not valid quotes.
    public var rejected: Int
}

/// Imports the seed file into the store: every valid line never stored before is added with source `seed`.
/// Deleted quotes stay deleted; lines removed from the file delete nothing.
public struct SeedImporter: Sendable {
    public let path: String
    let repository: SQLiteQuoteRepository
    let logger: Logger
    let metrics: ServerMetrics?

    public init(path: String, repository: SQLiteQuoteRepository, logger: Logger, metrics: ServerMetrics? = nil) {
        self.path = path
        self.repository = repository
        self.logger = logger
        self.metrics = metrics
    }

    /// Imports the file; nil when there is no file at `path` (logged, not an error).
    @discardableResult
    public func importFile() async throws -> SeedImportReport? {
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch CocoaError.fileReadNoSuchFile {
            logger.warning("seed file not found; nothing imported", metadata: ["path": "\(path)"])
            return nil
        }
        let file = SeedFile(contents: contents)
        for rejection in file.rejections {
            logger.warning(
                "seed line skipped",
                metadata: ["path": "\(path)", "line": "\(rejection.line)", "reason": "\(rejection.reason)"]
            )
        }
        let added = try await repository.addSeedQuotes(file.texts)
        let report = SeedImportReport(
            added: added, alreadyStored: file.texts.count - added, rejected: file.rejections.count
        )
        metrics?.seedImports.increment()
        metrics?.seedQuotesAdded.increment(by: report.added)
        metrics?.seedLinesRejected.increment(by: report.rejected)
        logger.info(
            "seed file imported",
            metadata: [
                "path": "\(path)", "added": "\(report.added)",
                "already_stored": "\(report.alreadyStored)", "rejected": "\(report.rejected)",
            ]
        )
        return report
    }
}
