import Logging
import ServiceLifecycle
import QuotegenCore
import QuotegenRuntime

/// Loads the quote index when the server starts, then applies every committed change to it, from this
/// process or another (`quotegen seed` beside the server), within one `interval`.
public struct QuoteIndexRefresher: Service {
    let index: QuoteIndex
    let feed: any QuoteChangeFeed
    let interval: Duration
    let logger: Logger
    let metrics: ServerMetrics

    public init(index: QuoteIndex, feed: any QuoteChangeFeed, interval: Duration, logger: Logger, metrics: ServerMetrics) {
        (self.index, self.feed, self.interval, self.logger, self.metrics) = (index, feed, interval, logger, metrics)
    }

    public func run() async throws {
        let start = ContinuousClock.now
        await refresh()
        logger.info(
            "quote index loaded",
            metadata: ["quotes": "\(index.count)", "duration": "\(ContinuousClock.now - start)"]
        )
        await poll(every: interval) { await refresh() }
    }

    private func refresh() async {
        do {
            metrics.indexRowsRefreshed.increment(by: try await index.refresh(from: feed))
        } catch {
            logger.error("quote index refresh failed", metadata: ["error": "\(error)"])
        }
    }
}
