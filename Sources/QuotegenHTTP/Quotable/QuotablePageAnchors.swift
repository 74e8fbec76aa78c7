import Foundation
import QuotegenCore
import Synchronization

/// Page numbers turned into keyset positions, so that a deep page of a large listing does not step over every
/// match before it: for each listing (filter and order) paged past `threshold`, the id of every `spacing`-th
/// match, found once by a walk in the background; a page then starts after the nearest anchor at or before it and
/// skips fewer than `spacing` matches. Pages before `threshold` skip their matches in the order's index, which
/// costs less than any anchor would save.
///
/// Anchors are positions as they were when walked: a table is used for `lifetime`, then walked again when next
/// asked for, so past `threshold` a page's start may be off by the quotes added or deleted before it since then —
/// as numbered pages under writes always are. Until a listing's first table is ready its pages skip their matches.
final class QuotablePageAnchors: Sendable {
    let threshold: Int
    let spacing: Int
    let lifetime: Duration
    private let maxListings = 16

    private struct Table {
        /// `ids[k]` is the match at position `(k + 1) × spacing − 1` (0-based) when the table was walked.
        var ids: [Int64]
        var walked: ContinuousClock.Instant
    }

    private struct State {
        var tables: [String: Table] = [:]
        var walking: Set<String> = []
    }

    private let state = Mutex(State())

    init(threshold: Int = 10_000, spacing: Int = 1000, lifetime: Duration = .seconds(30)) {
        (self.threshold, self.spacing, self.lifetime) = (threshold, spacing, lifetime)
    }

    /// `limit` matches of the listing after skipping `offset` of them.
    func page(
        _ repository: some QuoteRepository, matching filter: QuoteFilter, order: QuoteOrder, offset: Int, limit: Int
    ) async throws -> [Quote] {
        guard offset >= threshold else {
            return try await repository.quotes(matching: filter, order: order, afterID: nil, offset: offset, limit: limit)
        }
        let key = "\(order.rawValue) \(filter)"
        let now = ContinuousClock.now
        let (table, walk) = state.withLock { state -> (Table?, Bool) in
            let table = state.tables[key]
            let stale = table.map { now - $0.walked > lifetime } ?? true
            guard stale, !state.walking.contains(key) else { return (table, false) }
            state.walking.insert(key)
            return (table, true)
        }
        if walk {
            Task { [self] in
                let ids = try? await anchors(repository, matching: filter, order: order)
                state.withLock { state in
                    state.walking.remove(key)
                    guard let ids else { return }
                    if state.tables[key] == nil, state.tables.count >= maxListings,
                       let oldest = state.tables.min(by: { $0.value.walked < $1.value.walked })?.key {
                        state.tables[oldest] = nil
                    }
                    state.tables[key] = Table(ids: ids, walked: ContinuousClock.now)
                }
            }
        }
        // The last anchor before the page: starting after it, the page is `offset − position − 1` further.
        let anchor = min(offset / spacing, table?.ids.count ?? 0)
        guard let table, anchor > 0 else {
            return try await repository.quotes(matching: filter, order: order, afterID: nil, offset: offset, limit: limit)
        }
        let position = anchor * spacing - 1
        do {
            return try await repository.quotes(
                matching: filter, order: order, afterID: table.ids[anchor - 1], offset: offset - position - 1, limit: limit
            )
        } catch is QuoteStoreError {
            // The anchor no longer places (a quote edited out of a search since the walk): walk again, and skip now.
            state.withLock { _ = $0.tables.removeValue(forKey: key) }
            return try await repository.quotes(matching: filter, order: order, afterID: nil, offset: offset, limit: limit)
        }
    }

    /// The listing's anchors, walked now: each step starts after the previous anchor and skips `spacing − 1`.
    func anchors(_ repository: some QuoteRepository, matching filter: QuoteFilter, order: QuoteOrder) async throws -> [Int64] {
        var ids: [Int64] = []
        while true {
            let next = try await repository.quotes(matching: filter, order: order, afterID: ids.last, offset: spacing - 1, limit: 1)
            guard let quote = next.first else { return ids }
            ids.append(quote.id)
        }
    }

    /// Walks the listing's anchors now and keeps them (tests, and a server that wants them before its first request).
    func prepare(_ repository: some QuoteRepository, matching filter: QuoteFilter, order: QuoteOrder) async throws {
        let ids = try await anchors(repository, matching: filter, order: order)
        state.withLock { $0.tables["\(order.rawValue) \(filter)"] = Table(ids: ids, walked: ContinuousClock.now) }
    }
}
