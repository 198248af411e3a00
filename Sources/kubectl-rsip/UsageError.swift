import ArgumentParser

/// Rewords swift-argument-parser's usage errors the way kubectl (pflag) words them, so users
/// and scripts see the messages they know.
enum UsageError {
    static func kubectlWording(_ message: String) -> String {
        let prefix = "Unknown option '"
        if message.hasPrefix(prefix), message.hasSuffix("'") {
            let flag = String(message.dropFirst(prefix.count).dropLast())
            if flag.hasPrefix("--") { return "unknown flag: \(flag)" }
            return "unknown shorthand flag: '\(flag.dropFirst().prefix(1))' in \(flag)"
        }
        return Terminal.lowercasedFirst(message)
    }

    /// The subcommand named in argv, for the "See 'kubectl rsip get --help'" line.
    static func subcommand(in arguments: [String]) -> String? {
        let names = RSIP.configuration.subcommands.map { $0._commandName }
        return arguments.first { names.contains($0) }
    }
}
