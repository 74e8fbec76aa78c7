import Logging
import ServiceLifecycle
import QuotegenCore
import QuotegenRuntime

/// Loads the quote index when the server starts, then applies every committed change to it, from this
/// process or another (`quotegen seed` beside the server, another replica), within one `interval`, and at once
/// when the engine says something changed (`wakeUps`: PostgreSQL's notifications).
public struct QuoteIndexRefresher: Service {
    let index: QuoteIndex
    let feed: any QuoteChangeFeed
    let interval: Duration
    let logger: Logger
    let metrics: ServerMetrics
    let wakeUps: WakeUps

    public init(
        index: QuoteIndex, feed: any QuoteChangeFeed, interval: Duration, wakeUps: WakeUps = WakeUps(), logger: Logger,
        metrics: ServerMetrics
    ) {
        (self.index, self.feed, self.interval, self.wakeUps, self.logger, self.metrics) = (index, feed, interval, wakeUps, logger, metrics)
    }

    public func run() async throws {
        let start = ContinuousClock.now
        await refresh()
        logger.info(
            "quote index loaded",
            metadata: ["quotes": "\(index.count)", "duration": "\(ContinuousClock.now - start)"]
        )
        await poll(every: interval, orWhen: wakeUps) { await refresh() }
    }

    private func refresh() async {
        do {
            metrics.indexRowsRefreshed.increment(by: try await index.refresh(from: feed))
        } catch {
            logger.error("quote index refresh failed", metadata: ["error": "\(error)"])
        }
    }
}
