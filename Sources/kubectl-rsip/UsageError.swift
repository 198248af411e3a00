import ArgumentParser

/// Rewords swift-argument-parser's usage errors the way kubectl (pflag) words them, so users
/// and scripts see the messages they know.
enum UsageError {
    static func kubectlWording(_ message: String) -> String {
        let prefix = "Unknown option '"
        guard message.hasPrefix(prefix) else { return Terminal.lowercasedFirst(message) }
        // "Unknown option '--x'" optionally followed by ". Did you mean '--y'?"
        let rest = message.dropFirst(prefix.count)
        guard let close = rest.firstIndex(of: "'") else { return Terminal.lowercasedFirst(message) }
        let flag = String(rest[..<close])
        var suggestion = ""
        if let mean = rest.range(of: "Did you mean '"), let end = rest[mean.upperBound...].firstIndex(of: "'") {
            suggestion = " (did you mean \(rest[mean.upperBound..<end])?)"
        }
        if flag.hasPrefix("--") { return "unknown flag: \(flag)" + suggestion }
        return "unknown shorthand flag: '\(flag.dropFirst().prefix(1))' in \(flag)" + suggestion
    }

    /// The subcommand named in argv, for the "See 'kubectl rsip get --help'" line.
    static func subcommand(in arguments: [String]) -> String? {
        let names = RSIP.configuration.subcommands.map { $0._commandName }
        return arguments.first { names.contains($0) }
    }
}
