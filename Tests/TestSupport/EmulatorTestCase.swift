import Foundation
import XCTest

/// A test class that shares one API emulator across its tests: started in `class setUp`,
/// stopped by PID in `class tearDown`. Subclasses may override `emulatorArguments`.
open class EmulatorTestCase: XCTestCase {
    nonisolated(unsafe) private static var running: [ObjectIdentifier: KubeEmulator] = [:]
    private static let lock = NSLock()

    /// Extra emulator flags for this class, e.g. `["--basic", "user:pass"]`.
    open class var emulatorArguments: [String] { [] }

    public var emulator: KubeEmulator {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        guard let e = Self.running[ObjectIdentifier(Self.self)] else {
            fatalError("the emulator for \(Self.self) did not start (see the class setUp failure)")
        }
        return e
    }

    override open class func setUp() {
        super.setUp()
        do {
            let e = try KubeEmulator(extraArgs: emulatorArguments)
            lock.lock()
            running[ObjectIdentifier(self)] = e
            lock.unlock()
        } catch {
            XCTFail("emulator did not start: \(error)")
        }
    }

    override open class func tearDown() {
        lock.lock()
        let e = running.removeValue(forKey: ObjectIdentifier(self))
        lock.unlock()
        e?.stop()
        super.tearDown()
    }
}
