import Foundation
import Subprocess
#if canImport(Glibc)
import Glibc
#endif

/// Runs a credential plugin through the shared `BoundedProcess`: stdout captured up to a cap,
/// stderr passed through, stdin only when interactive, and a bounded wait that stops the
/// plugin's whole process group.
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
        BoundedProcess.lookPath(command, path: path)
    }

    func run(executable: String, arguments: [String], environment: [String: String], interactive: Bool) throws(Failure) -> Result {
        // Pre-check what fork/exec would report, so messages match Go's.
        switch FileAccess.kind(executable).0 {
        case .missing: throw Failure.launch(path: executable, reason: "no such file or directory")
        case .directory: throw Failure.launch(path: executable, reason: "permission denied")
        default:
            if access(executable, X_OK) != 0 { throw Failure.launch(path: executable, reason: FileAccess.reason(errno)) }
        }
        // A plugin's own children may keep stdout open; after it exits, drain for at most 5 s.
        let process = BoundedProcess(timeout: timeout, maxOutputBytes: maxOutputBytes, drainGrace: 5)
        let output: BoundedProcess.Output
        do {
            output = try process.run(executable: executable, arguments: arguments, environment: environment,
                                     input: interactive ? .inherit : .none, stderr: .passThrough(stderr))
        } catch {
            switch error {
            case .launch(let path, let code): throw Failure.launch(path: path, reason: FileAccess.reason(code))
            case .timedOut(let seconds): throw Failure.timedOut(seconds: seconds)
            case .outputTooLarge(let limit), .inputTooLarge(let limit): throw Failure.outputTooLarge(limit: limit)
            }
        }
        return Result(stdout: output.stdout, exitCode: output.exitCode ?? -1)
    }
}
