import Foundation
import Subprocess
import GoCompat

/// Runs one credential helper through the shared `BoundedProcess`: arguments, a small stdin,
/// both outputs captured up to a cap, and a deadline after which the helper's process group is
/// terminated (then killed).
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
        BoundedProcess.lookPath(command, path: path)
    }

    func run(_ executable: String, arguments: [String], input: [UInt8], environment: [String: String]) throws -> Output {
        // A helper's own children may hold the pipes open; after it exits, drain for at most 2 s.
        let process = BoundedProcess(timeout: timeout, maxOutputBytes: maxOutputBytes, drainGrace: 2)
        do {
            let out = try process.run(executable: executable, arguments: arguments, environment: environment,
                                      input: .bytes(input), stderr: .capture)
            return Output(stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode)
        } catch {
            switch error {
            case .launch(let path, let code): throw Failure.launch(path: path, reason: Errno.text(code))
            case .timedOut(let seconds): throw Failure.timedOut(seconds: seconds)
            case .outputTooLarge(let limit), .inputTooLarge(let limit): throw Failure.outputTooLarge(limit: limit)
            }
        }
    }
}
