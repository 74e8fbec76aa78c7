import Synchronization
import QuotegenCore

/// The random numbers for picking quotes: SplitMix64 streams, each seeded from one shared atomic sequence.
///
/// `SystemRandomNumberGenerator` asks the kernel (`getrandom`) on every draw, a system call per pick on the
/// hottest path; picking a quote needs uniformity, not secrecy.
public struct PickGenerator: RandomNumberGenerator {
    private static let seeds: Atomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Atomic(system.next())
    }()

    private var state: UInt64

    public init() {
        // Consecutive seeds, spread apart.
        state = StableHash.splitMix64(Self.seeds.add(1, ordering: .relaxed).newValue)
    }

    public mutating func next() -> UInt64 {
        defer { state &+= 0x9e37_79b9_7f4a_7c15 }
        return StableHash.splitMix64(state)
    }
}
