import Foundation

/// A real server process started by a test: it binds 127.0.0.1 on a free port (port 0), prints
/// `LISTENING <port>` as its first stdout line, and is stopped by PID when the test ends.
public final class ServerProcess: @unchecked Sendable {
    public let process: Process
    public let port: Int
    public var pid: Int32 { process.processIdentifier }
    /// The file the server's stderr goes to, when one was asked for (else the test's own stderr).
    public let stderrPath: String?
    private let stdoutPipe: Pipe

    public enum LaunchError: Error, CustomStringConvertible {
        /// The server exited (or printed something else) before `LISTENING <port>`; `stderr` is what
        /// it wrote there when it was captured.
        case noPort(command: [String], output: String, stderr: String)
        public var description: String {
            switch self {
            case .noPort(let command, let output, let stderr):
                var text = "server \(command.joined(separator: " ")) did not report a port"
                text += output.isEmpty ? " (no output)" : ": \(output)"
                if !stderr.isEmpty { text += "\nits stderr:\n\(stderr)" }
                return text
            }
        }
    }

    /// Starts `executable args...` and waits (blocking read, no polling) for `LISTENING <port>`.
    /// With `stderrPath`, the server's stderr goes to that file, and a failed start reports it.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil,
                currentDirectory: String? = nil, stderrPath: String? = nil) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let environment { p.environment = environment }
        if let currentDirectory { p.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe()
        p.standardOutput = out
        var errFile: FileHandle?
        if let stderrPath {
            guard FileManager.default.createFile(atPath: stderrPath, contents: nil),
                  let h = FileHandle(forWritingAtPath: stderrPath) else {
                throw LaunchError.noPort(command: [executable] + arguments, output: "",
                                         stderr: "cannot create \(stderrPath)")
            }
            errFile = h
            p.standardError = h
        } else {
            p.standardError = FileHandle.standardError
        }
        self.stderrPath = stderrPath
        defer { try? errFile?.close() }  // the child holds its own descriptor
        try p.run()
        process = p
        stdoutPipe = out
        var line = [UInt8]()
        let fd = out.fileHandleForReading.fileDescriptor
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("LISTENING "), let port = Int(text.dropFirst("LISTENING ".count)) else {
            p.terminate(); p.waitUntilExit()
            let said = stderrPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            throw LaunchError.noPort(command: [executable] + arguments, output: text, stderr: said)
        }
        self.port = port
        // Keep draining stdout so the server never blocks on a full pipe.
        out.fileHandleForReading.readabilityHandler = { h in _ = h.availableData }
    }

    /// Starts a Python 3 script (standard library only) the same way.
    public convenience init(python script: String, arguments: [String] = [], environment: [String: String]? = nil,
                            stderrPath: String? = nil) throws {
        try self.init(executable: ServerProcess.python3(), arguments: ["-u", script] + arguments,
                      environment: environment, stderrPath: stderrPath)
    }

    /// What the server wrote to stderr so far (empty when it was not captured).
    public var stderrText: String {
        stderrPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    }

    public func stop() {
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    public static func python3() -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/python3"
    }
}

/// Locations inside the repository, found from this file so tests run from any directory.
public enum Repo {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }
    public static func fixture(_ relative: String) -> URL { fixtures.appendingPathComponent(relative) }
}

/// Runs a command to completion and returns its exit code and output.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public func runCommand(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                       stdin: String? = nil, currentDirectory: String? = nil) throws -> CommandResult {
    let p = Process()
    if executable.contains("/") {
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
    } else {
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + arguments
    }
    if let environment { p.environment = environment }
    if let currentDirectory { p.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? inp.fileHandleForWriting.close()
    // Read both pipes concurrently so a chatty child never blocks.
    let errBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let errData = errBox.data
    p.waitUntilExit()
    return CommandResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Holds what the stderr reader collected; the DispatchGroup orders the write before the read.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
