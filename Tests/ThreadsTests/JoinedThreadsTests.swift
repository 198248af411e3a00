import Foundation
import Threads
import XCTest

final class JoinedThreadsTests: XCTestCase {
    func testRunReturnsAndRethrowsAfterTheThreadEnded() throws {
        XCTAssertEqual(try JoinedThreads.run(stackSize: 1 << 20) { 6 * 7 }, 42)
        struct Boom: Error {}
        XCTAssertThrowsError(try JoinedThreads.run(stackSize: 1 << 20) { () throws -> Int in throw Boom() }) {
            XCTAssertTrue($0 is Boom)
        }
    }

    /// The stack really is as large as asked: a recursion that needs ~64 MiB, far past the
    /// 8 MiB main thread, completes.
    func testLargeStack() throws {
        func depth(_ n: Int) -> Int {
            var pad = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)  // ~128 bytes a frame, at least
            pad.0 = n
            return n == 0 ? pad.0 : depth(n - 1) + 1 + pad.15
        }
        XCTAssertEqual(try JoinedThreads.run(stackSize: 256 << 20) { depth(500_000) }, 500_000)
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
