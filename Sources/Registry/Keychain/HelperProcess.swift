import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one credential helper: arguments, a small stdin, both outputs captured up to a cap,
/// and a deadline after which the helper is terminated (then killed).
struct HelperProcess {
    struct Output {
        var stdout: [UInt8]
        var stderr: [UInt8]
        /// nil when the helper died from a signal.
        var exitCode: Int32?
    }

    enum Failure: Error, Equatable {
        case notFound(command: String)
        case launch(path: String, reason: String)
        case timedOut(seconds: Double)
        case outputTooLarge(limit: Int)
    }

    var timeout: Double
    var maxOutputBytes: Int

    /// Go's exec.LookPath over PATH; an empty PATH element is the current directory.
    static func lookPath(_ command: String, path: String?) -> String? {
        if command.contains("/") { return command }
        for dir in (path ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + command
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    func run(_ executable: String, arguments: [String], input: [UInt8], environment: [String: String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        // The input is a server address: far below a pipe's buffer, so it is written before the
        // launch and the helper can never see us blocked (or us get SIGPIPE from an early exit).
        let stdin = Pipe()
        stdin.fileHandleForWriting.write(Data(input))
        try? stdin.fileHandleForWriting.close()
        process.standardInput = stdin
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch {
            throw Failure.launch(path: executable, reason: String(describing: error))
        }
        let out = HelperOutputCollector(limit: maxOutputBytes), err = HelperOutputCollector(limit: maxOutputBytes)
        let drained = DispatchGroup()
        for (pipe, collector) in [(stdout, out), (stderr, err)] {
            drained.enter()
            let reader = pipe.fileHandleForReading
            DispatchQueue.global().async {
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    collector.append(chunk)
                }
                drained.leave()
            }
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 1) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            throw Failure.timedOut(seconds: timeout)
        }
        // A helper's own children may hold the pipes open; do not wait for them forever.
        _ = drained.wait(timeout: .now() + 2)
        if out.overflowed || err.overflowed { throw Failure.outputTooLarge(limit: maxOutputBytes) }
        let code: Int32? = process.terminationReason == .exit ? process.terminationStatus : nil
        return Output(stdout: out.bytes, stderr: err.bytes, exitCode: code)
    }
}

/// Collects one output on a reader thread; the lock hands it over safely. Past the cap it keeps
/// draining (so the helper does not block on a full pipe) but drops the data.
private final class HelperOutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data: [UInt8] = []
    private var over = false
    private let limit: Int
    init(limit: Int) { self.limit = limit }

    func append(_ chunk: Data) {
        lock.lock(); defer { lock.unlock() }
        if over { return }
        if data.count + chunk.count > limit { over = true; data = []; return }
        data.append(contentsOf: chunk)
    }
    var bytes: [UInt8] { lock.lock(); defer { lock.unlock() }; return data }
    var overflowed: Bool { lock.lock(); defer { lock.unlock() }; return over }
}
