import Foundation
import XCTest

/// A test class whose tests talk to the API emulator: one emulator shared by the class (started in
/// `class setUp`, stopped by PID in `class tearDown`), or a fresh one per test when
/// `emulatorPerTest` (for tests that write). Subclasses choose the flags (`emulatorArguments`) and
/// the seed (`emulatorSeed`).
///
/// When the emulator does not start, every test of the class fails loudly in `setUpWithError`: an
/// `XCTFail` naming the class and carrying what the emulator wrote to stderr, then a thrown error, so
/// no test body runs against a missing server.
open class EmulatorTestCase: XCTestCase {
    nonisolated(unsafe) private static var running: [ObjectIdentifier: KubeEmulator] = [:]
    nonisolated(unsafe) private static var startFailures: [ObjectIdentifier: String] = [:]
    private static let lock = NSLock()

    /// Extra emulator flags for this class, e.g. `["--simulate-controller"]`, `["--no-crd"]`,
    /// `KubeEmulator.helmScenario()`.
    open class var emulatorArguments: [String] { [] }

    /// Load `Tests/Emulator/seed` (`false`: only the namespaces every cluster has).
    open class var emulatorSeed: Bool { true }

    /// A fresh emulator for every test instead of one for the class.
    open class var emulatorPerTest: Bool { false }

    private var ownEmulator: KubeEmulator?

    /// Thrown by `setUpWithError` when the emulator did not start (after the `XCTFail` that explains why).
    public struct EmulatorNotStarted: Error, CustomStringConvertible {
        public var description: String
    }

    /// The emulator of this test (valid from `setUpWithError` on).
    public var emulator: KubeEmulator {
        if let ownEmulator { return ownEmulator }
        Self.lock.lock()
        defer { Self.lock.unlock() }
        guard let e = Self.running[ObjectIdentifier(Self.self)] else {
            fatalError("the emulator for \(Self.self) is not running: use it from setUpWithError or a test")
        }
        return e
    }

    /// Starts an emulator with this class's seed and flags.
    public class func startEmulator() throws -> KubeEmulator {
        try KubeEmulator(seed: emulatorSeed, extraArgs: emulatorArguments)
    }

    /// The `XCTFail` text for a start failure: the class, the flags, and the emulator's own words.
    public class func startFailureMessage(_ error: Error) -> String {
        "the Kubernetes API emulator did not start for \(self) (flags: \(emulatorArguments)): \(error)"
    }

    override open class func setUp() {
        super.setUp()
        guard !emulatorPerTest else { return }
        do {
            let e = try startEmulator()
            lock.lock()
            running[ObjectIdentifier(self)] = e
            lock.unlock()
        } catch {
            lock.lock()
            startFailures[ObjectIdentifier(self)] = startFailureMessage(error)
            lock.unlock()
        }
    }

    override open func setUpWithError() throws {
        try super.setUpWithError()
        var failure: String?
        if Self.emulatorPerTest {
            do {
                ownEmulator = try Self.startEmulator()
            } catch {
                failure = Self.startFailureMessage(error)
            }
        } else {
            Self.lock.lock()
            failure = Self.startFailures[ObjectIdentifier(Self.self)]
            Self.lock.unlock()
        }
        if let failure {
            XCTFail(failure)
            throw EmulatorNotStarted(description: "no emulator for \(Self.self): see the failure above")
        }
    }

    override open func tearDown() {
        ownEmulator?.stop()
        ownEmulator = nil
        super.tearDown()
    }

    override open class func tearDown() {
        lock.lock()
        let e = running.removeValue(forKey: ObjectIdentifier(self))
        startFailures.removeValue(forKey: ObjectIdentifier(self))
        lock.unlock()
        e?.stop()
        super.tearDown()
    }
}
