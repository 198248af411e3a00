import Failure

/// A printer failure with the text kubectl prints, and how kubectl prints it.
///
/// Most are plain errors: kubectl's CheckErr writes `error: ` + `message`, then a newline unless
/// the message already ends with one (`stderr`), and exits 1. A few come from klog in
/// `--sort-by` (`Field {.spec} in *unstructured.Unstructured is an unsortable type: ...`): klog
/// writes its own header (`F1207 14:36:16.948284    6871 sorter.go:329] `) before the message,
/// which needs the clock and the pid, so `klogLine(prefix:)` takes them from the caller.
public struct PrinterError: UserFacingError, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// An error returned to kubectl's CheckErr.
        case error
        /// klog.Exitf (exit 1) or klog.Fatalf (exit 255, after a goroutine dump kubectl-rsip
        /// does not imitate), at `location` (`sorter.go:329`).
        case klog(location: String, exitCode: Int32)
    }

    /// Go's `err.Error()`, exactly (it may end with newlines).
    public var message: String
    public var kind: Kind

    public init(_ message: String, kind: Kind = .error) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }
    public var exitCode: Int32 {
        if case .klog(_, let code) = kind { return code }
        return 1
    }

    /// What kubectl writes to stderr for a plain error: `error: MESSAGE`, newline-terminated
    /// once (CheckErr neither doubles the prefix nor the final newline).
    public var stderr: String {
        var text = message.hasPrefix("error: ") ? message : "error: " + message
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    /// A klog line: `prefix` is klog's `Fmmdd hh:mm:ss.uuuuuu PID ` (see `klogPrefix`).
    public func klogLine(prefix: String) -> String {
        guard case .klog(let location, _) = kind else { return stderr }
        var text = prefix + location + "] " + message
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    /// klog's header before the location: severity, month, day, time with microseconds, and
    /// the pid right-aligned in seven columns.
    public static func klogPrefix(severity: Character = "F", month: Int, day: Int, hour: Int, minute: Int,
                                  second: Int, microsecond: Int, pid: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var micro = String(microsecond)
        while micro.count < 6 { micro = "0" + micro }
        var p = String(pid)
        while p.count < 7 { p = " " + p }
        return "\(severity)\(two(month))\(two(day)) \(two(hour)):\(two(minute)):\(two(second)).\(micro) \(p) "
    }
}
