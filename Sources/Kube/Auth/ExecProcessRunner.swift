import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a credential plugin with Foundation's `Process`: stdout captured up to a cap, stderr
/// passed through, stdin only when interactive, and a bounded wait.
struct ExecProcessRunner {
    struct Result {
        var stdout: [UInt8]
        var exitCode: Int32
    }

    enum Failure: Error {
        /// A bare command that is not on PATH (Go's *exec.Error).
        case notFound
        /// Launch failed for a resolved path, with Go's errno text.
        case launch(path: String, reason: String)
        case timedOut(seconds: Double)
        case outputTooLarge(limit: Int)
    }

    var timeout: Double
    var maxOutputBytes: Int
    /// nil inherits the parent's stderr (the user's terminal).
    var stderr: FileHandle?

    /// Go's exec.LookPath over the given PATH; path-like commands are used as they are.
    static func resolve(_ command: String, path: String?) -> String? {
        if command.contains("/") { return command }
        for dir in (path ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + command
            if FileAccess.isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    func run(executable: String, arguments: [String], environment: [String: String], interactive: Bool) throws -> Result {
        // Pre-check what fork/exec would report, so messages match Go's.
        switch FileAccess.kind(executable).0 {
        case .missing: throw Failure.launch(path: executable, reason: "no such file or directory")
        case .directory: throw Failure.launch(path: executable, reason: "permission denied")
        default:
            if access(executable, X_OK) != 0 { throw Failure.launch(path: executable, reason: FileAccess.reason(errno)) }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = interactive ? FileHandle.standardInput : FileHandle.nullDevice
        if let stderr { process.standardError = stderr }
        let pipe = Pipe()
        process.standardOutput = pipe
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch {
            throw Failure.launch(path: executable, reason: Self.launchReason(error))
        }
        let collector = OutputCollector(limit: maxOutputBytes)
        let drained = DispatchSemaphore(value: 0)
        let reader = pipe.fileHandleForReading
        DispatchQueue.global().async {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                collector.append(chunk)
            }
            drained.signal()
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 1) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            throw Failure.timedOut(seconds: timeout)
        }
        // A plugin's own children may keep stdout open; do not wait for them forever.
        _ = drained.wait(timeout: .now() + 5)
        if collector.overflowed { throw Failure.outputTooLarge(limit: maxOutputBytes) }
        let code = process.terminationReason == .exit ? process.terminationStatus : -1
        return Result(stdout: collector.bytes, exitCode: code)
    }

    private static func launchReason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return FileAccess.reason(Int32(posix.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return FileAccess.reason(Int32(ns.code)) }
        // Foundation reports ENOEXEC (a script without #!) as a generic Cocoa error.
        return "exec format error"
    }
}

/// Collects stdout on the reader thread; the lock makes the hand-off to the caller safe.
private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data: [UInt8] = []
    private var over = false
    let limit: Int
    init(limit: Int) { self.limit = limit }

    func append(_ chunk: Data) {
        lock.lock(); defer { lock.unlock() }
        if over { return }  // keep draining so the plugin does not block on a full pipe
        if data.count + chunk.count > limit { over = true; data = []; return }
        data.append(contentsOf: chunk)
    }
    var bytes: [UInt8] { lock.lock(); defer { lock.unlock() }; return data }
    var overflowed: Bool { lock.lock(); defer { lock.unlock() }; return over }
}
