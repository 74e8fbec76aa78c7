import Foundation
@testable import QuotegenCore

/// The seed of a randomized test: `QUOTEGEN_TEST_SEED` when set (to replay a failure), else a fresh one.
/// Tests put `TestSeed.replay(seed)` in their expectations' messages, so a failure says how to replay it.
enum TestSeed {
    static func make() -> UInt64 {
        if let raw = ProcessInfo.processInfo.environment["QUOTEGEN_TEST_SEED"], let seed = UInt64(raw) { return seed }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    static func replay(_ seed: UInt64) -> String { "replay with QUOTEGEN_TEST_SEED=\(seed)" }
}

/// SplitMix64 (`StableHash.splitMix64`) as a generator whose whole state is its seed, so a run can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        defer { state &+= 0x9e37_79b9_7f4a_7c15 }
        return StableHash.splitMix64(state)
    }
}
