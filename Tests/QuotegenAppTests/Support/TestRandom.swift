import Foundation

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

/// SplitMix64: a small generator whose whole state is its seed, so a run can be replayed exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
