/// cobra's "did you mean": a name within Levenshtein distance 2 of what was typed, or one it is
/// a prefix of. For mistyped subcommands, provider names and tags.
public enum Suggestions {
    public static func `for`(_ typed: String, among names: [String]) -> [String] {
        let lowered = typed.lowercased()
        return names.filter { name in
            distance(lowered, name.lowercased()) <= 2 || name.lowercased().hasPrefix(lowered)
        }
    }

    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The nearest few of `names` (each once), closest first: what a verdict about a mistyped
    /// value offers.
    public static func nearest(_ typed: String, among names: [String], most: Int = 3) -> [String] {
        var seen = Set<String>()
        let unique = names.filter { $0 != typed && seen.insert($0).inserted }
        return Self.for(typed, among: unique)
            .sorted { (distance(typed, $0), $0) < (distance(typed, $1), $1) }
            .prefix(most).map { $0 }
    }
}
