/// Go's `path/filepath.Match` on Unix, which the kubelet keyring and ggcr apply to each host
/// label: `*` (any run, no `/`), `?` (one character), `[a-z]`, `[^...]`, `\` escapes. A malformed
/// pattern matches nothing (both callers ignore the error and move on).
enum KeychainGlob {
    static func match(_ pattern: String, _ name: String) -> Bool {
        var p = ArraySlice(Array(pattern.unicodeScalars))
        var n = ArraySlice(Array(name.unicodeScalars))
        let slash: Unicode.Scalar = "/"
        patternLoop: while !p.isEmpty {
            let (star, chunk, rest) = scanChunk(p)
            p = rest
            if star && chunk.isEmpty { return !n.contains(slash) }
            let attempt = matchChunk(chunk, n)
            if case .matched(let t) = attempt, t.isEmpty || !p.isEmpty {
                n = t
                continue
            }
            if case .badPattern = attempt { return false }
            if star {
                var i = n.startIndex
                while i < n.endIndex && n[i] != slash {
                    let skipped = matchChunk(chunk, n[(i + 1)...])
                    if case .matched(let t) = skipped {
                        if p.isEmpty && !t.isEmpty { i += 1; continue }
                        n = t
                        continue patternLoop
                    }
                    if case .badPattern = skipped { return false }
                    i += 1
                }
            }
            return false
        }
        return n.isEmpty
    }

    private enum ChunkResult { case matched(ArraySlice<Unicode.Scalar>), failed, badPattern }

    private static func scanChunk(_ pattern: ArraySlice<Unicode.Scalar>)
        -> (Bool, ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>) {
        var p = pattern
        var star = false
        while p.first == "*" { p = p.dropFirst(); star = true }
        var inRange = false
        var i = p.startIndex
        scan: while i < p.endIndex {
            switch p[i] {
            case "\\": if i + 1 < p.endIndex { i += 1 }
            case "[": inRange = true
            case "]": inRange = false
            case "*": if !inRange { break scan }
            default: break
            }
            i += 1
        }
        return (star, p[p.startIndex..<i], p[i...])
    }

    private static func matchChunk(_ chunkIn: ArraySlice<Unicode.Scalar>, _ sIn: ArraySlice<Unicode.Scalar>) -> ChunkResult {
        var chunk = chunkIn, s = sIn
        var failed = false
        while let c = chunk.first {
            if !failed && s.isEmpty { failed = true }
            switch c {
            case "[":
                var r: Unicode.Scalar = "\u{0}"
                if !failed { r = s.removeFirst() }
                chunk = chunk.dropFirst()
                var negated = false
                if chunk.first == "^" { negated = true; chunk = chunk.dropFirst() }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == "]" && ranges > 0 { chunk = chunk.dropFirst(); break }
                    guard let (lo, afterLo) = escaped(chunk) else { return .badPattern }
                    chunk = afterLo
                    var hi = lo
                    if chunk.first == "-" {
                        guard let (h, afterHi) = escaped(chunk.dropFirst()) else { return .badPattern }
                        hi = h; chunk = afterHi
                    }
                    if lo.value <= r.value && r.value <= hi.value { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case "?":
                if !failed {
                    if s.first == "/" { failed = true }
                    s = s.dropFirst()
                }
                chunk = chunk.dropFirst()
            default:
                if c == "\\" {
                    chunk = chunk.dropFirst()
                    if chunk.isEmpty { return .badPattern }
                }
                if !failed {
                    if chunk.first != s.first { failed = true }
                    s = s.dropFirst()
                }
                chunk = chunk.dropFirst()
            }
        }
        return failed ? .failed : .matched(s)
    }

    /// One possibly escaped character of a `[...]` class; nil for Go's ErrBadPattern (also when
    /// the class runs off the end of the pattern).
    private static func escaped(_ chunkIn: ArraySlice<Unicode.Scalar>) -> (Unicode.Scalar, ArraySlice<Unicode.Scalar>)? {
        var chunk = chunkIn
        guard let first = chunk.first, first != "-", first != "]" else { return nil }
        if first == "\\" {
            chunk = chunk.dropFirst()
            if chunk.isEmpty { return nil }
        }
        guard let r = chunk.first else { return nil }
        let rest = chunk.dropFirst()
        if rest.isEmpty { return nil }
        return (r, rest)
    }
}
