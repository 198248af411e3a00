import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything a command takes from the world, as one value: its streams, the clock, the
/// environment, whether the streams are terminals, and the seams to the cluster and the
/// registries. `main` builds the live one; unit tests build one over fixtures and fakes and run
/// commands in-process.
struct CommandContext: Sendable {
    var stdout: TextOutput
    var stderr: TextOutput
    /// Everything on standard input (`-f -`, `--tags-file -`).
    var readStdin: @Sendable () -> [UInt8]
    var environment: [String: String]
    /// Seconds since the epoch.
    var now: @Sendable () -> Double
    var stdoutIsTerminal: Bool
    var stderrIsTerminal: Bool
    var stdinIsTerminal: Bool
    /// Columns of the terminal on stdout; nil when stdout is not one.
    var terminalWidth: Int?
    var currentDirectory: String
    var cluster: any ClusterConnecting
    var registries: any RegistryConnecting
    /// The server's `Warning` headers, printed and counted (`--warnings-as-errors`).
    var warnings: WarningLog
    /// Registers what to do on Ctrl-C (`get -w` ends with exit 0); nil handler restores the default.
    var onInterrupt: @Sendable (_ handler: (@Sendable () -> Void)?) -> Void

    /// Colour and progress: on a terminal only, never with NO_COLOR or TERM=dumb.
    func style(noColor: Bool) -> Style {
        Style(color: !noColor && stdoutIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb")
    }

    func progress() -> Progress {
        Progress(output: stderr, enabled: stderrIsTerminal && environment["TERM"] != "dumb")
    }

    /// A warning on stderr, as kubectl prints the server's.
    func warn(_ text: String) {
        stderr.write("Warning: \(text)\n")
    }
}

extension CommandContext {
    /// The process's own streams, clock and environment, the real cluster and registries.
    static func live() -> CommandContext {
        let environment = ProcessInfo.processInfo.environment
        var size = winsize()
        let width = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        let stderr = TextOutput(descriptor: STDERR_FILENO)
        return CommandContext(
            stdout: TextOutput(descriptor: STDOUT_FILENO), stderr: stderr,
            readStdin: { Array(FileHandle.standardInput.readDataToEndOfFile()) },
            environment: environment,
            now: { Date().timeIntervalSince1970 },
            stdoutIsTerminal: isatty(STDOUT_FILENO) == 1, stderrIsTerminal: isatty(STDERR_FILENO) == 1,
            stdinIsTerminal: isatty(STDIN_FILENO) == 1,
            terminalWidth: isatty(STDOUT_FILENO) == 1 ? width : nil,
            currentDirectory: FileManager.default.currentDirectoryPath,
            cluster: LiveCluster(), registries: LiveRegistries(), warnings: WarningLog(output: stderr),
            onInterrupt: Interrupt.install)
    }
}
