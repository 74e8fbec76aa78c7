import Foundation
import Logging
import QuotegenCore
import QuotegenFiles
import QuotegenRuntime

/// What one import of the seed file did.
public struct SeedImportReport: Sendable, Equatable {
    /// Quotes stored for the first time.
    public var added: Int
    /// Lines whose text was stored before (deleted quotes included).
    public var alreadyStored: Int
    /// Lines that are not valid quotes.
    public var rejected: Int
    /// True when the file was skipped as unchanged since its last full import (the counts are then 0).
    public var unchanged = false
}

/// Imports the seed file into the store: every valid line never stored before is added with source `seed`.
/// Deleted quotes stay deleted; lines removed from the file delete nothing.
public struct SeedImporter: Sendable {
    public let path: String
    let store: any QuoteStore
    let logger: Logger
    let metrics: ServerMetrics?

    public init(path: String, store: any QuoteStore, logger: Logger, metrics: ServerMetrics? = nil) {
        self.path = path
        self.store = store
        self.logger = logger
        self.metrics = metrics
    }

    /// Imports the file; nil when there is no file at `path` (logged, not an error). Throws `SeedFileRefused`,
    /// having imported nothing, when the path is not a regular file or the file is not a seed file.
    @discardableResult
    public func importFile() async throws -> SeedImportReport? {
        guard let seen = FileFingerprint(path: path) else {
            logger.warning("seed file not found; nothing imported", metadata: ["path": "\(path)"])
            return nil
        }
        // Opening a FIFO would wait for a writer, and a device never ends: only regular files are read.
        guard seen.isRegularFile else {
            throw SeedFileRefused(path: path, reason: "it is \(FileKind.name(seen.type)), not a regular file")
        }
        let key = ResolvedPath.of(path)
        let (size, modified) = (seen.size, seen.modified)
        let known = try await store.seedFingerprint(path: key)
        if let known, known.size == size {
            if known.modifiedNanoseconds == modified { return unchanged() }
            // Same size, another time (touched, copied): unchanged if the content hashes the same.
            if try SeedFile.digest(path: path) == known.sha256 {
                try await store.recordSeedFingerprint(
                    SeedFingerprint(size: size, modifiedNanoseconds: Self.trustworthy(modified), sha256: known.sha256), path: key
                )
                return unchanged()
            }
        }
        let (file, sha256) = try SeedFile.read(path: path)
        if let refusal = file.refusal { throw SeedFileRefused(path: path, reason: refusal) }
        for rejection in file.rejections {
            logger.warning(
                "seed line skipped",
                metadata: ["path": "\(path)", "line": "\(rejection.line)", "reason": "\(rejection.reason)"]
            )
        }
        let added = try await store.addSeedQuotes(file.texts)
        // Recorded only once every line is in: a start killed halfway reads the file again. The size and time
        // are those seen before reading, so an edit made during the read is imported at the next look.
        try await store.recordSeedFingerprint(
            SeedFingerprint(size: size, modifiedNanoseconds: Self.trustworthy(modified), sha256: sha256), path: key
        )
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

    /// A modification time this recent may be shared by a further edit of the same size (file systems keep
    /// times in ticks of a few milliseconds): it is recorded as -1, so the next look compares the content instead.
    private static func trustworthy(_ modified: Int64) -> Int64 {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        return now - modified < 2_000_000_000 ? -1 : modified
    }

    private func unchanged() -> SeedImportReport {
        logger.info("seed file unchanged since its last import; skipped", metadata: ["path": "\(path)"])
        return SeedImportReport(added: 0, alreadyStored: 0, rejected: 0, unchanged: true)
    }

}

/// The seed file was not imported at all: the path is not a regular file, or its content is not a seed file
/// (NUL bytes, mostly invalid lines). The server logs it once per version of the file; `quotegen seed` fails.
public struct SeedFileRefused: UserFacingError, Equatable {
    public let path: String
    public let reason: String

    public var description: String { "seed file \(path) refused, nothing imported: \(reason)" }

    /// The server's one warning about it.
    public func log(to logger: Logger) {
        logger.warning("seed file refused; nothing imported", metadata: ["path": "\(path)", "reason": "\(reason)"])
    }
}
