import Foundation
import Logging
import ServiceLifecycle
import QuotegenFiles
import QuotegenRuntime

/// Re-imports the seed file while the server runs, whenever it changes, so that a line added to a
/// bind-mounted seed file is served without a restart.
///
/// It polls `stat` rather than using inotify: inotify misses edits made through a bind mount from
/// outside the container and edits that replace the file. A change is imported once the file has
/// stayed the same for one more poll, so a half-written line is not taken as a quote.
public struct SeedWatcher: Service {
    let importer: SeedImporter
    let interval: Duration
    let logger: Logger
    /// The file as it was when the start-up import read it.
    let initialFingerprint: FileFingerprint?

    public init(importer: SeedImporter, interval: Duration, logger: Logger, initialFingerprint: FileFingerprint?) {
        (self.importer, self.interval, self.logger, self.initialFingerprint) = (importer, interval, logger, initialFingerprint)
    }

    public func run() async throws {
        var imported = initialFingerprint
        var previous = initialFingerprint
        await poll(every: interval) {
            let current = FileFingerprint(path: importer.path)
            defer { previous = current }
            guard current != imported, current == previous, current != nil else { return }
            do {
                try await importer.importFile()
                imported = current
            } catch let refused as SeedFileRefused {
                // This version of the file will not get better: said once, then left until it changes.
                refused.log(to: logger)
                imported = current
            } catch {
                logger.error("seed file import failed", metadata: ["path": "\(importer.path)", "error": "\(error)"])
            }
        }
    }
}
