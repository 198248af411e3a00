import Foundation
import TestSupport
import XCTest

/// One `kubectl rsip ...` run of a fault case: its exit status, stdout + stderr, wall time and
/// peak RSS (from `/usr/bin/time`).
struct FaultRun {
    var status: Int32
    var output: String
    var seconds: Double
    var maxRSSKiB: Int?
}

/// The rows of every checked fault case (`FAULT-ROW case | command | exit | seconds | maxRSS MiB |
/// message`), printed when a fault class ends, for the closing report.
final class FaultReport: @unchecked Sendable {
    static let shared = FaultReport()
    private let lock = NSLock()
    private var rows: [String] = []

    func add(_ row: String) {
        lock.lock(); rows.append(row); lock.unlock()
    }

    /// Prints the rows gathered so far and forgets them.
    func flush() {
        lock.lock(); let taken = rows; rows = []; lock.unlock()
        print("FAULT-ROW case | command | exit | seconds | maxRSS MiB | message")
        for row in taken { print("FAULT-ROW \(row)") }
    }
}

extension XCTestCase {
    /// Runs `kubectl rsip args` through the real kubectl (killed after 90 s, so a hang fails
    /// instead of blocking the suite), then checks the exit status, every fragment (in stdout or
    /// stderr) and the elapsed-time bounds, and records a report row.
    @discardableResult
    func expectFault(_ label: String, _ args: [String], runner: PluginRunner, status: Int32, _ fragments: [String],
                     within maxSeconds: Double, atLeast minSeconds: Double = 0,
                     file: StaticString = #filePath, line: UInt = #line) throws -> FaultRun {
        let started = Date()
        let r = try runCommand("/usr/bin/timeout", ["-s", "KILL", "90", "/usr/bin/time", "-f", "FAULT_MAXRSS_KB=%M",
                                                     KubeEmulator.kubectlPath(), "rsip"] + args,
                               environment: runner.environment)
        let seconds = Date().timeIntervalSince(started)
        var rss: Int?
        var stderrLines: [Substring] = []
        for l in r.stderr.split(separator: "\n", omittingEmptySubsequences: false) {
            if l.hasPrefix("FAULT_MAXRSS_KB=") { rss = Int(l.dropFirst("FAULT_MAXRSS_KB=".count)) } else { stderrLines.append(l) }
        }
        // /usr/bin/time's own note about the exit status is not the plugin's output.
        stderrLines.removeAll { $0.hasPrefix("Command exited with non-zero status") || $0.hasPrefix("Command terminated by signal") }
        let all = r.stdout + stderrLines.joined(separator: "\n")
        // The error line when there is one, else the first line of a failure or the last line of
        // a success (a diff's summary, say).
        let lines = all.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let message = lines.first { $0.hasPrefix("error:") || $0.hasPrefix("Error from server") || $0.hasPrefix("Unable to connect") }
            ?? (r.status == 0 ? lines.last : lines.first) ?? ""
        FaultReport.shared.add("\(label) | kubectl rsip \(args.joined(separator: " ")) | \(r.status) | "
            + "\(String(format: "%.2f", seconds)) | \(rss.map { String($0 / 1024) } ?? "?") | \(message.prefix(220))")
        XCTAssertEqual(r.status, status, "\(label) \(args): \(all)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(all.contains(fragment), "\(label) \(args): missing \"\(fragment)\" in:\n\(all)", file: file, line: line)
        }
        XCTAssertLessThan(seconds, TimeBound.seconds(maxSeconds), "\(label) \(args): took \(seconds)s: \(all)", file: file, line: line)
        XCTAssertGreaterThanOrEqual(seconds, minSeconds, "\(label) \(args): took only \(seconds)s: \(all)", file: file, line: line)
        return FaultRun(status: r.status, output: all, seconds: seconds, maxRSSKiB: rss)
    }
}
