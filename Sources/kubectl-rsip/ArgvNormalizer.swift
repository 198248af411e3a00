/// Rewrites kubectl-style argv into the forms swift-argument-parser reads, so flags parse as
/// kubectl's (pflag) do: `-n=apps`, `-napps`, `-oyaml`, `-v=9`, `--wait=false`, `-A=true`.
enum ArgvNormalizer {
    /// Short options that take a value.
    static let shortWithValue: Set<Character> = ["n", "o", "l", "s", "v", "f", "L"]
    /// Boolean flags (long names) that pflag also accepts as `--flag=true|false`.
    static let booleanFlags: Set<String> = [
        "all-namespaces", "no-headers", "inputs", "insecure-skip-tls-verify", "disable-compression",
        "warnings-as-errors", "ignore-not-found", "show-managed-fields", "no-color", "force",
    ]
    /// Boolean flags that default to true: `--wait=false` becomes `--no-wait`.
    static let invertibleFlags: Set<String> = ["wait"]
    static let shortBooleans: [Character: String] = ["A": "all-namespaces"]

    static func normalize(_ args: [String]) -> [String] {
        var out: [String] = []
        var passthrough = false
        for arg in args {
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
                out.append(contentsOf: normalizeLong(arg))
            } else {
                out.append(contentsOf: normalizeShort(arg))
            }
        }
        return out
    }

    private static func normalizeLong(_ arg: String) -> [String] {
        let body = arg.dropFirst(2)
        guard let eq = body.firstIndex(of: "=") else { return [arg] }
        let name = String(body[..<eq])
        let value = String(body[body.index(after: eq)...])
        if booleanFlags.contains(name) || invertibleFlags.contains(name) {
            switch value.lowercased() {
            case "true", "1", "t":
                return ["--\(name)"]
            case "false", "0", "f":
                return invertibleFlags.contains(name) ? ["--no-\(name)"] : []
            default:
                return [arg]  // let the parser report the bad value
            }
        }
        return [arg]
    }

    private static func normalizeShort(_ arg: String) -> [String] {
        let body = arg.dropFirst()
        guard let first = body.first else { return [arg] }
        if let long = shortBooleans[first], body.count > 1, body.dropFirst().first == "=" {
            return normalizeLong("--\(long)=\(body.dropFirst(2))")
        }
        guard shortWithValue.contains(first), body.count > 1 else { return [arg] }
        var value = body.dropFirst()
        if value.first == "=" { value = value.dropFirst() }
        return ["-\(first)", String(value)]
    }
}
