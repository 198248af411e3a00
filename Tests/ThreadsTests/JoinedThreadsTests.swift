import Foundation
import Threads
import XCTest

final class JoinedThreadsTests: XCTestCase {
    private static let big = StackThread(stackSize: 256 << 20)

    func testStackThreadReturnsRethrowsAndRunsNestedCallsInline() throws {
        XCTAssertEqual(try Self.big.run { 6 * 7 }, 42)
        struct Boom: Error {}
        XCTAssertThrowsError(try Self.big.run { () throws -> Int in throw Boom() }) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(try Self.big.run { try Self.big.run { "nested" } }, "nested")
    }

    /// The stack really is as large as asked: 40,000 frames of at least 256 bytes (over 10 MiB,
    /// past the 8 MiB main thread; fewer frames than ThreadSanitizer's own 65,536-frame call
    /// stack) complete; and callers from many threads are served one at a time.
    func testStackThreadHasTheStackAndServesManyCallers() throws {
        func depth(_ n: Int) -> Int {
            var pad = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            pad.0 = n
            return n == 0 ? pad.0 : depth(n - 1) + 1 + pad.31
        }
        XCTAssertEqual(try Self.big.run { depth(40_000) }, 40_000)
        let lock = NSLock()
        var sum = 0
        JoinedThreads.forEach(200, width: 8) { i in
            let v = (try? Self.big.run { i }) ?? -1_000_000
            lock.lock(); sum += v; lock.unlock()
        }
        XCTAssertEqual(sum, (0..<200).reduce(0, +))
    }

    /// A thread that is done in time is joined and answers; one that is not is left behind.
    func testRunWithTimeout() {
        XCTAssertEqual(JoinedThreads.run(stackSize: 1 << 20, timeout: 10) { "answer" }, "answer")
        let release = DispatchSemaphore(value: 0)
        XCTAssertNil(JoinedThreads.run(stackSize: 1 << 20, timeout: 0.05) { release.wait(); return "late" })
        release.signal()
    }

    func testForEachRunsEveryIndexOnceAndAtMostWidthAtOnce() {
        let lock = NSLock()
        var seen: [Int] = []
        var running = 0, peak = 0
        JoinedThreads.forEach(40, width: 6) { i in
            lock.lock(); running += 1; peak = max(peak, running); lock.unlock()
            usleep(2_000)
            lock.lock(); running -= 1; seen.append(i); lock.unlock()
        }
        // Every worker has been joined: nothing runs any more and every index was done once.
        XCTAssertEqual(running, 0)
        XCTAssertEqual(seen.sorted(), Array(0..<40))
        XCTAssertLessThanOrEqual(peak, 6)
        JoinedThreads.forEach(0, width: 4) { _ in XCTFail("no work for an empty range") }
    }
}
