import Foundation

/// Randomness for tests that is reproducible: SplitMix64 from a fixed seed, which the test prints;
/// `RSIP_TEST_SEED=N` replays another run's seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public static let defaultSeed: UInt64 = 20_261_207

    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator for one test, its seed printed for the log.
    public static func forTest(_ name: String) -> SeededRandom {
        let seed = ProcessInfo.processInfo.environment["RSIP_TEST_SEED"].flatMap { UInt64($0) } ?? defaultSeed
        print("\(name): random seed \(seed) (RSIP_TEST_SEED=\(seed) replays it)")
        return SeededRandom(seed: seed)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
