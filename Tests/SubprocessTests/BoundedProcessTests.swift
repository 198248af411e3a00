import Foundation
import XCTest
@testable import Subprocess
import GoCompat
#if canImport(Glibc)
import Glibc
#endif

final class BoundedProcessTests: XCTestCase {
    let env = ["PATH": "/usr/bin:/bin"]

    func sh(_ script: String, _ p: BoundedProcess = BoundedProcess(timeout: 10, maxOutputBytes: 1 << 20),
            input: BoundedProcess.Input = .none) throws -> BoundedProcess.Output {
        try p.run(executable: "/bin/sh", arguments: ["-c", script], environment: env, input: input)
    }

    func testCapturesStdoutStderrAndExitCode() throws {
        let out = try sh("printf out; printf err >&2; exit 3")
        XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self), "out")
        XCTAssertEqual(String(decoding: out.stderr, as: UTF8.self), "err")
        XCTAssertEqual(out.exitCode, 3)
        XCTAssertNil(out.signal)
    }

    func testEnvironmentAndArguments() throws {
        let out = try BoundedProcess(timeout: 10, maxOutputBytes: 1024)
            .run(executable: "/bin/sh", arguments: ["-c", "printf '%s|%s' \"$FOO\" \"$1\"", "sh", "arg one"],
                 environment: ["FOO": "bar"])
        XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self), "bar|arg one")
    }

    func testStdinBytes() throws {
        let out = try sh("cat", input: .bytes(Array("hello\nworld".utf8)))
        XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self), "hello\nworld")
        let none = try sh("cat")
        XCTAssertEqual(none.stdout, [])
        XCTAssertEqual(none.exitCode, 0)
    }

    func testLargeStdoutIsDrained() throws {
        let out = try sh("head -c 300000 /dev/zero")
        XCTAssertEqual(out.stdout.count, 300000)
    }

    func testSignalDeath() throws {
        let out = try sh("kill -9 $$")
        XCTAssertNil(out.exitCode)
        XCTAssertEqual(out.signal, SIGKILL)
    }

    func testOutputCap() throws {
        XCTAssertThrowsError(try sh("head -c 5000 /dev/zero", BoundedProcess(timeout: 10, maxOutputBytes: 1000))) {
            XCTAssertEqual($0 as? BoundedProcess.Failure, .outputTooLarge(limit: 1000))
        }
        XCTAssertThrowsError(try sh("head -c 5000 /dev/zero >&2", BoundedProcess(timeout: 10, maxOutputBytes: 1000))) {
            XCTAssertEqual($0 as? BoundedProcess.Failure, .outputTooLarge(limit: 1000))
        }
        XCTAssertEqual(try sh("head -c 1000 /dev/zero", BoundedProcess(timeout: 10, maxOutputBytes: 1000)).stdout.count, 1000)
    }

    func testMissingExecutable() {
        XCTAssertThrowsError(try BoundedProcess(timeout: 5, maxOutputBytes: 100)
            .run(executable: "/nonexistent/tool", arguments: [], environment: [:])) {
            XCTAssertEqual($0 as? BoundedProcess.Failure, .launch(path: "/nonexistent/tool", errno: ENOENT))
        }
        XCTAssertEqual(Errno.text(ENOENT), "no such file or directory")
    }

    func testTimeoutKillsTheWholeProcessGroup() throws {
        final class Box: @unchecked Sendable { var pid: pid_t = 0 }
        let box = Box()
        let p = BoundedProcess(timeout: 0.5, maxOutputBytes: 1024, onStart: { box.pid = $0 })
        let start = Date()
        XCTAssertThrowsError(try sh("sleep 30 & sleep 30", p)) {
            XCTAssertEqual($0 as? BoundedProcess.Failure, .timedOut(seconds: 0.5))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
        XCTAssertGreaterThan(box.pid, 0)
        XCTAssertTrue(livingMembers(ofGroup: box.pid).isEmpty, "survivors: \(livingMembers(ofGroup: box.pid))")
    }

    func testTimeoutEscalatesToSIGKILL() throws {
        final class Box: @unchecked Sendable { var pid: pid_t = 0 }
        let box = Box()
        let p = BoundedProcess(timeout: 0.3, maxOutputBytes: 1024, onStart: { box.pid = $0 })
        let start = Date()
        XCTAssertThrowsError(try sh("trap '' TERM; sh -c \"trap '' TERM; sleep 30\" & sleep 30", p))
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
        XCTAssertTrue(livingMembers(ofGroup: box.pid).isEmpty, "survivors: \(livingMembers(ofGroup: box.pid))")
    }

    func testGrandchildHoldingStdoutDoesNotBlock() throws {
        let p = BoundedProcess(timeout: 10, maxOutputBytes: 1024, drainGrace: 0.3)
        let start = Date()
        let out = try sh("printf hi; sleep 30 &", p)
        XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self), "hi")
        XCTAssertEqual(out.exitCode, 0)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testLookPath() throws {
        XCTAssertEqual(BoundedProcess.lookPath("sh", path: "/nonexistent:/bin"), "/bin/sh")
        XCTAssertNil(BoundedProcess.lookPath("sh", path: "/nonexistent"))
        XCTAssertNil(BoundedProcess.lookPath("sh", path: nil))
        XCTAssertNil(BoundedProcess.lookPath("bin", path: "/"))  // a directory is not a match
        XCTAssertEqual(BoundedProcess.lookPath("./x/y", path: ""), "./x/y")
    }

    /// Members of the process group that are not zombies (a container's pid 1 may not reap the
    /// orphans it inherits, and zombies still count for kill(-pgid, 0)). Waits up to 2 s.
    func livingMembers(ofGroup pgid: pid_t) -> [pid_t] {
        let until = Date().addingTimeInterval(2)
        while true {
            if kill(-pgid, 0) != 0 && errno == ESRCH { return [] }
            var living: [pid_t] = []
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let pid = pid_t(entry),
                      let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { continue }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                // fields: state ppid pgrp ...
                if fields.count > 2, fields[0] != "Z", pid_t(fields[2]) == pgid { living.append(pid) }
            }
            if living.isEmpty || Date() > until { return living }
            usleep(50_000)
        }
    }
}
