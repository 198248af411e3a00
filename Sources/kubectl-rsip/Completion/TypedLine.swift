/// What the words typed so far say: which subcommand, which flags (with values), which
/// positionals, and what is being completed.
struct TypedLine {
    var command: CommandInfo?
    /// Values by the flag's key (its preferred long name, or short name when it has no long one).
    var values: [String: [String]] = [:]
    var positionals: [String] = []
    /// The option whose value is being completed (`-n <TAB>`, `--output=<TAB>`), if any.
    var pendingOption: FlagInfo?
    /// The partial word, without `--flag=`.
    var toComplete = ""
    var afterTerminator = false

    func value(_ long: String) -> String? { values[long]?.last }
    func has(_ long: String) -> Bool { values[long] != nil }
    /// A boolean flag that is on (`-A`, `--all-namespaces`, `--all-namespaces=true`).
    func isOn(_ long: String) -> Bool { values[long].map { $0.last != "false" } ?? false }

    /// Reads `words` (the last one is being completed) with `describe` giving a subcommand's flags.
    init(_ words: [String], describe: (String) -> CommandInfo?) {
        guard let last = words.last else { return }
        var expecting: FlagInfo?
        for word in words.dropLast() {
            if let option = expecting {
                values[option.key, default: []].append(word)
                expecting = nil
                continue
            }
            if afterTerminator || word == "-" || !word.hasPrefix("-") {
                if command == nil {
                    // The first word that is not a flag names the subcommand; an unknown one
                    // leaves nothing to complete.
                    command = describe(word) ?? CommandInfo(name: word)
                } else {
                    positionals.append(word)
                }
                continue
            }
            if word == "--" { afterTerminator = true; continue }
            guard let command else { continue }
            if let (flag, value) = Self.resolve(word, in: command) {
                if let value {
                    values[flag.key, default: []].append(value)
                } else if flag.takesValue {
                    expecting = flag
                } else {
                    values[flag.key, default: []].append("true")
                }
            }
        }
        toComplete = last
        if let option = expecting {
            pendingOption = option
            return
        }
        // `--output=ya`, `-o=ya`: complete the value after the `=`.
        if !afterTerminator, last.hasPrefix("-"), let eq = last.firstIndex(of: "="), let command,
           let (flag, _) = Self.resolve(String(last[..<eq]), in: command), flag.takesValue {
            pendingOption = flag
            toComplete = String(last[last.index(after: eq)...])
        }
    }

    /// A flag word: `--name`, `--name=value`, `--no-name`, `-n`, `-n=value`, `-nvalue`.
    static func resolve(_ word: String, in command: CommandInfo) -> (FlagInfo, String?)? {
        if word.hasPrefix("--") {
            let body = word.dropFirst(2)
            let name = body.firstIndex(of: "=").map { String(body[..<$0]) } ?? String(body)
            let value = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            if let flag = command.flag(long: name) { return (flag, value) }
            if name.hasPrefix("no-"), let flag = command.flag(long: String(name.dropFirst(3))), !flag.takesValue {
                return (flag, "false")
            }
            return nil
        }
        let body = word.dropFirst()
        guard let first = body.first, let flag = command.flag(short: String(first)) else { return nil }
        let rest = body.dropFirst()
        if rest.isEmpty { return (flag, nil) }
        if flag.takesValue { return (flag, String(rest.first == "=" ? rest.dropFirst() : rest)) }
        return (flag, rest.first == "=" ? String(rest.dropFirst()) : nil)
    }
}
