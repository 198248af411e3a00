/// The few places where Go's regexp syntax and RE2 2022-06-01 disagree, bridged before RE2
/// sees the pattern:
/// - Go 1.22+ accepts `(?<name>re)`; this RE2 only `(?P<name>re)`, so it is rewritten (with
///   Go's own name check, so `(?<=` and `(?<!` fail with Go's wording);
/// - Go rejects `\C` (any byte), which RE2 accepts.
/// Escapes, `\Q...\E` and character classes are skipped so literal text is never rewritten.
enum GoRegexSyntax {
    static func translate(_ pattern: String) throws(GoRegexError) -> String {
        let b = Array(pattern.utf8)
        let n = b.count
        var out: [UInt8] = []
        out.reserveCapacity(n + 8)
        var i = 0

        func fail(_ code: GoRegexError.Code, _ from: Int, _ to: Int) -> GoRegexError {
            GoRegexError(pattern: pattern, code: code, fragment: String(decoding: b[from..<min(to, n)], as: UTF8.self))
        }

        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\\") {
                guard i + 1 < n else { out.append(c); i += 1; continue } // RE2 reports it
                let d = b[i + 1]
                if d == UInt8(ascii: "Q") {
                    // Literal text up to \E (or the end): copy untouched.
                    var j = i + 2
                    while j < n, !(b[j] == UInt8(ascii: "\\") && j + 1 < n && b[j + 1] == UInt8(ascii: "E")) { j += 1 }
                    let end = min(j + 2, n)
                    out.append(contentsOf: b[i..<end])
                    i = end
                    continue
                }
                if d == UInt8(ascii: "C") { throw fail(.invalidEscape, i, i + 2) }
                out.append(c)
                out.append(d)
                i += 2
                continue
            }
            if c == UInt8(ascii: "[") {
                let end = try classEnd(b, from: i, fail: fail)
                out.append(contentsOf: b[i..<end])
                i = end
                continue
            }
            if c == UInt8(ascii: "("), i + 2 < n, b[i + 1] == UInt8(ascii: "?"), b[i + 2] == UInt8(ascii: "<") {
                // Go: the name runs to the first '>' anywhere after; none at all is an error
                // naming the rest of the pattern.
                guard let gt = b[(i + 3)...].firstIndex(of: UInt8(ascii: ">")) else {
                    throw fail(.invalidNamedCapture, i, n)
                }
                let name = b[(i + 3)..<gt]
                guard !name.isEmpty, name.allSatisfy(isCaptureNameByte) else {
                    throw fail(.invalidNamedCapture, i, gt + 1)
                }
                out.append(contentsOf: Array("(?P<".utf8))
                i += 3
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One past the `]` closing the class opened at `start` (or the end of the pattern, for
    /// RE2 to report). Checks for `\C` inside on the way.
    private static func classEnd(
        _ b: [UInt8], from start: Int, fail: (GoRegexError.Code, Int, Int) -> GoRegexError
    ) throws(GoRegexError) -> Int {
        let n = b.count
        var j = start + 1
        if j < n, b[j] == UInt8(ascii: "^") { j += 1 }
        if j < n, b[j] == UInt8(ascii: "]") { j += 1 } // a leading ] is literal
        while j < n, b[j] != UInt8(ascii: "]") {
            if b[j] == UInt8(ascii: "\\") {
                if j + 1 < n, b[j + 1] == UInt8(ascii: "C") { throw fail(.invalidEscape, j, j + 2) }
                j += 2
                continue
            }
            if b[j] == UInt8(ascii: "["), j + 1 < n, b[j + 1] == UInt8(ascii: ":"),
               let close = indexOf(UInt8(ascii: ":"), UInt8(ascii: "]"), in: b, from: j + 2) {
                j = close + 2 // [:alpha:] (Go searches for ":]" the same way)
                continue
            }
            j += 1
        }
        return min(j + 1, n)
    }

    private static func indexOf(_ x: UInt8, _ y: UInt8, in b: [UInt8], from: Int) -> Int? {
        var k = from
        while k + 1 < b.count {
            if b[k] == x, b[k + 1] == y { return k }
            k += 1
        }
        return nil
    }

    private static func isCaptureNameByte(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "_") || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
}
