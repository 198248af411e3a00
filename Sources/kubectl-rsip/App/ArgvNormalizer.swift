/// Rewrites kubectl-style argv into the forms swift-argument-parser reads, so flags parse as
/// kubectl's (pflag) do: `-n=apps`, `-napps`, `-oyaml`, `-v=9`, `--wait=false`, `-A=true`,
/// `--limit -1` (pflag gives an option the next word whatever it starts with), and a bare
/// `--dry-run` meaning `--dry-run=client`. Which flags take values comes from the command's
/// own description (`CommandInfo`), never from a list kept beside it.
enum ArgvNormalizer {
    /// Options whose bare form means a default value (pflag's NoOptDefVal), and that value.
    static let bareDefaults: [String: String] = ["dry-run": "client"]

    /// kubectl's flags before the subcommand (`kubectl rsip -n team-b get`), moved after it, as
    /// cobra reads persistent flags anywhere. A flag's value is skipped by what the commands
    /// declare (`-n team-b` is one flag, not the subcommand `team-b`).
    static func hoistingLeadingFlags(_ args: [String]) -> [String] {
        guard let first = args.first, first.hasPrefix("-"), first != "-", first != "--",
              !["-h", "--help", "--version"].contains(first) else { return args }
        let commands = CommandTree.commandTypes.map(CommandInfo.init)
        func takesValue(_ word: String) -> Bool {
            if word.hasPrefix("--") {
                let name = String(word.dropFirst(2))
                return commands.contains { $0.flag(long: name)?.takesValue == true }
            }
            return word.count == 2 && commands.contains { $0.flag(short: String(word.dropFirst()))?.takesValue == true }
        }
        var leading: [String] = []
        var i = 0
        while i < args.count, args[i].hasPrefix("-"), args[i] != "-", args[i] != "--" {
            let word = args[i]
            leading.append(word)
            i += 1
            if !word.contains("="), takesValue(word), i < args.count {
                leading.append(args[i])
                i += 1
            }
        }
        guard i < args.count else { return args }
        return [args[i]] + leading + args[(i + 1)...]
    }

    static func normalize(_ args: [String]) -> [String] {
        guard let index = CommandTree.subcommandIndex(in: args) else { return args }
        let rest = Array(args[(index + 1)...])
        // Describing a command costs more than the rest of a short run: only when a word needs it.
        guard needsDescription(rest), let command = CommandTree.info(named: args[index]) else { return args }
        return Array(args[...index]) + normalize(rest, for: command)
    }

    /// Whether argument-parser could read `args` differently from pflag: an attached short value
    /// (`-oyaml`, `-n=x`), `--flag=false`, a bare `--dry-run`, or a word after a flag that
    /// starts with `-` (`--limit -1`). `-n apps` and `--output=yaml` read the same in both.
    static func needsDescription(_ args: [String]) -> Bool {
        for (i, arg) in args.enumerated() {
            if arg == "--" { return false }
            guard arg.hasPrefix("-"), arg != "-" else { continue }
            if !arg.hasPrefix("--"), arg.count > 2 { return true }
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                if ["true", "false", "1", "0", "t", "f"].contains(arg[arg.index(after: eq)...].lowercased()) { return true }
                continue
            }
            if bareDefaults[String(arg.dropFirst(2))] != nil { return true }
            if i + 1 < args.count, args[i + 1].hasPrefix("-"), args[i + 1] != "-", args[i + 1] != "--" { return true }
        }
        return false
    }

    static func normalize(_ args: [String], for command: CommandInfo) -> [String] {
        var out: [String] = []
        var passthrough = false
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if passthrough || arg == "-" || !arg.hasPrefix("-") {
                out.append(arg)
                continue
            }
            if arg == "--" {
                passthrough = true
                out.append(arg)
                continue
            }
            if arg.hasPrefix("--") {
                let body = String(arg.dropFirst(2))
                if let eq = body.firstIndex(of: "=") {
                    out += assigned(String(body[..<eq]), String(body[body.index(after: eq)...]), original: arg, command)
                    continue
                }
                guard let flag = command.flag(long: body), flag.takesValue else {
                    out.append(arg)
                    continue
                }
                if let value = bareDefaults[body] {
                    out.append("--\(body)=\(value)")
                } else if i < args.count, args[i].isEmpty {
                    out += [arg, ""]  // `--include-tag ''`: argument-parser reads `--x=` as no value
                    i += 1
                } else if i < args.count {
                    out.append("--\(body)=\(args[i])")
                    i += 1
                } else {
                    out.append(arg)  // the parser reports the missing value
                }
                continue
            }
            out += short(arg, next: i < args.count ? args[i] : nil, consumed: &i, command)
        }
        return out
    }

    /// `--name=value`: booleans take pflag's spellings of true and false.
    private static func assigned(_ name: String, _ value: String, original: String, _ command: CommandInfo) -> [String] {
        guard let flag = command.flag(long: name), !flag.takesValue else { return [original] }
        switch value.lowercased() {
        case "true", "1", "t":
            return ["--\(name)"]
        case "false", "0", "f":
            return command.flag(long: "no-\(name)") != nil ? ["--no-\(name)"] : []
        default:
            return [original]  // the parser reports the bad value
        }
    }

    /// `-n apps`, `-n=apps`, `-napps`, `-A=false`; grouped booleans (`-Aw`) pass through.
    private static func short(_ arg: String, next: String?, consumed i: inout Int, _ command: CommandInfo) -> [String] {
        let body = arg.dropFirst()
        guard let first = body.first, let flag = command.flag(short: String(first)) else { return [arg] }
        var rest = body.dropFirst()
        if !flag.takesValue {
            guard rest.first == "=", let long = flag.preferredLong else { return [arg] }
            return assigned(long, String(rest.dropFirst()), original: arg, command)
        }
        if rest.first == "=" { rest = rest.dropFirst() }
        let value: String
        if !rest.isEmpty {
            value = String(rest)
        } else if let next {
            value = next
            i += 1
        } else {
            return [arg]
        }
        if let long = flag.preferredLong, !value.isEmpty { return ["--\(long)=\(value)"] }
        return ["-\(first)", value]
    }
}
