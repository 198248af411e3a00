#if canImport(Glibc)
import Glibc
#endif
import Failure
import KubectlPrinters
import Provider
import YAML

/// `get` through kubectl's own printers (`-o jsonpath|custom-columns|go-template...`) and the
/// order kubectl's get runs them in: objects first, then the printer, the List, `--sort-by`,
/// the printing, and last the errors, worded and ordered as kubectl prints them.
struct KubectlGetOutput {
    var format: OutputFormat
    var sortBy: String
    var allowMissingKeys: Bool
    var noHeaders: Bool
    var context: CommandContext

    /// kubectl get's printGeneric over what the lookup found; returns the exit status.
    func print(_ lookup: ProviderLookup, names: [String], ignoreNotFound: Bool) -> Int32 {
        // One NAME: its NotFound is the only error (kubectl returns before building a printer).
        if names.count == 1, lookup.found.isEmpty {
            if ignoreNotFound { return 0 }
            for failure in lookup.missing { context.stderr.write(failure.report) }
            return lookup.missing.isEmpty ? 0 : 1
        }
        let missing = ignoreNotFound ? [] : lookup.missing
        if lookup.found.isEmpty, ignoreNotFound { return 0 }
        let result = KubectlGet.printGeneric(items: lookup.found.map(\.object), singleItemImplied: names.count == 1,
                                             format: format, sortBy: sortBy, allowMissingKeys: allowMissingKeys,
                                             noHeaders: noHeaders, readFile: { TemplateFile.read($0, context: context) })
        context.stdout.write(result.stdout)
        context.stdout.flush()
        guard let error = result.error else { return report(missing, nil) }
        if result.printerFailed || Self.isKlog(error) { return Self.fail(error, context: context) }
        return report(missing, error)
    }

    /// The NotFound lines, then the printer's error; with both, kubectl prints them as one
    /// aggregate, each on its line and the printer's without `error: `.
    private func report(_ missing: [UserError], _ error: PrinterError?) -> Int32 {
        for failure in missing { context.stderr.write(failure.report) }
        guard let error else { return missing.isEmpty ? 0 : 1 }
        if missing.isEmpty { return Self.fail(error, context: context) }
        context.stderr.write(error.message.hasSuffix("\n") ? error.message : error.message + "\n")
        return 1
    }

    /// One printer error, as kubectl ends with it: `error: ...` (exit 1), or klog's fatal line.
    static func fail(_ error: PrinterError, context: CommandContext) -> Int32 {
        context.stderr.write(stderrText(error, now: context.now()))
        return error.exitCode
    }

    static func isKlog(_ error: PrinterError) -> Bool {
        if case .klog = error.kind { return true }
        return false
    }

    /// `error: MESSAGE`, or for `--sort-by` over values it cannot order, klog's line with this
    /// process's clock (local time, microseconds) and pid, as kubectl's klog.Exitf writes it.
    static func stderrText(_ error: PrinterError, now: Double) -> String {
        guard isKlog(error) else { return error.stderr }
        var seconds = time_t(now.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let micro = Int((now - now.rounded(.down)) * 1_000_000)
        return error.klogLine(prefix: PrinterError.klogPrefix(
            month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday), hour: Int(parts.tm_hour), minute: Int(parts.tm_min),
            second: Int(parts.tm_sec), microsecond: min(micro, 999_999), pid: Int(getpid())))
    }
}
