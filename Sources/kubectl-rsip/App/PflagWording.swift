/// swift-argument-parser's usage errors in pflag's words, as kubectl prints them, so users and
/// scripts see the messages they know.
enum PflagWording {
    static func message(_ message: String) -> String {
        if let (flag, rest) = quoted(after: "Unknown option '", in: message) {
            var suggestion = ""
            if let (mean, _) = quoted(after: "Did you mean '", in: rest) { suggestion = " (did you mean \(mean)?)" }
            if flag.hasPrefix("--") { return "unknown flag: \(flag)" + suggestion }
            return "unknown shorthand flag: '\(flag.dropFirst().prefix(1))' in \(flag)" + suggestion
        }
        if let (flag, _) = quoted(after: "Missing value for '", in: message) {
            return "flag needs an argument: \(flagName(flag))"
        }
        if let (value, rest) = quoted(after: "The value '", in: message), let (flag, _) = quoted(after: "for '", in: rest) {
            return "invalid argument \"\(value)\" for \"\(flagName(flag))\" flag"
        }
        return lowercasedFirst(message)
    }

    /// `'-o <output>'` -> `-o`, `'--limit <limit>'` -> `--limit`.
    private static func flagName(_ synopsis: String) -> String {
        String(synopsis.split(separator: " ").first ?? Substring(synopsis))
    }

    /// The text between `prefix` and the next `'`, and what follows it.
    private static func quoted(after prefix: String, in text: String) -> (String, String)? {
        guard let start = text.range(of: prefix) else { return nil }
        let rest = text[start.upperBound...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        return (String(rest[..<close]), String(rest[rest.index(after: close)...]))
    }

    static func lowercasedFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.lowercased() + s.dropFirst()
    }

    /// The subcommand named in argv, for the "See 'kubectl rsip get --help'" line.
    static func subcommand(in arguments: [String]) -> String? {
        CommandTree.subcommandIndex(in: arguments).map { arguments[$0] }.flatMap { CommandTree.type(named: $0)?._commandName }
    }
}
