import CRE2

/// A compiled Go-syntax regular expression, matched by RE2 in linear time. Patterns come from
/// cluster objects and templates, so a backtracking engine (Swift's `Regex`,
/// NSRegularExpression) is out. The methods follow Go's `regexp.Regexp` of the same names,
/// byte offsets and all.
public final class GoRegex: @unchecked Sendable { // RE2 objects are immutable and thread-safe for matching
    public let pattern: String
    private let handle: OpaquePointer

    public init(_ pattern: String) throws(GoRegexError) {
        let translated = try GoRegexSyntax.translate(pattern)
        var error = cre2_error(code: 0, arg: nil, message: nil)
        var bytes = Array(translated.utf8)
        let compiled = bytes.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) { cre2_compile($0, buf.count, &error) }
            } ?? cre2_compile("", 0, &error)
        }
        guard let compiled else {
            defer { cre2_error_clear(&error) }
            let fragment = error.arg.map { String(cString: $0) } ?? ""
            throw GoRegexError(pattern: pattern, code: .init(re2Code: error.code), fragment: fragment)
        }
        self.pattern = pattern
        self.handle = compiled
    }

    deinit { cre2_free(handle) }

    /// Go's `MatchString`: an unanchored search anywhere in `s`.
    public func matches(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { buf in
            buf.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) { cre2_partial_match(handle, $0, buf.count) }
            } ?? cre2_partial_match(handle, "", 0)
        } == 1
    }

    /// `NumSubexp`: the number of capturing groups.
    public var groupCount: Int { Int(cre2_group_count(handle)) }

    /// `SubexpNames`: "" for the whole match and for unnamed groups.
    public var groupNames: [String] {
        [""] + (0..<groupCount).map { i in cre2_group_name(handle, Int32(i + 1)).map { String(cString: $0) } ?? "" }
    }

    /// `FindAllStringSubmatchIndex(s, n)`: successive non-overlapping leftmost-first matches
    /// (at most `n`, all when n < 0), each as byte offsets of the whole match then of every
    /// group (-1, -1 for a group that did not take part).
    public func findAllIndex(_ s: String, limit n: Int = -1) -> [[Int]] {
        let bytes = Array(s.utf8)
        let limit = n < 0 ? bytes.count + 1 : n
        var results: [[Int]] = []
        var pos = 0
        var prevMatchEnd = -1
        while results.count < limit && pos <= bytes.count {
            guard let m = find(bytes, from: pos) else { break }
            var accept = true
            if m[1] == pos {
                // An empty match: never right after the previous match; step one rune.
                if m[0] == prevMatchEnd { accept = false }
                pos += pos < bytes.count ? Self.runeLength(bytes, at: pos) : 1
            } else {
                pos = m[1]
            }
            prevMatchEnd = m[1]
            if accept { results.append(m) }
        }
        return results
    }

    /// Go's `FindAllStringSubmatch` (n = -1): each entry holds the whole match then every
    /// group (nil when it did not take part).
    public func findAllSubmatches(_ s: String) -> [[Substring?]] {
        let bytes = Array(s.utf8)
        return findAllIndex(s).map { m in
            (0..<(m.count / 2)).map { g in
                let (a, b) = (m[2 * g], m[2 * g + 1])
                guard a >= 0, b >= a else { return nil }
                return Substring(String(decoding: bytes[a..<b], as: UTF8.self))
            }
        }
    }

    /// Go's `FindStringSubmatch`: the groups of the first match, or nil.
    public func firstSubmatch(_ s: String) -> [Substring?]? {
        findAllSubmatches(s).first
    }

    /// `FindString`: the leftmost match, "" when there is none.
    public func findString(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard let m = find(bytes, from: 0) else { return "" }
        return String(decoding: bytes[m[0]..<m[1]], as: UTF8.self)
    }

    /// `FindAllString(s, n)`; nil (Go's nil slice) when nothing matches or n == 0.
    public func findAllStrings(_ s: String, limit n: Int) -> [String]? {
        let bytes = Array(s.utf8)
        let found = findAllIndex(s, limit: n).map { String(decoding: bytes[$0[0]..<$0[1]], as: UTF8.self) }
        return found.isEmpty ? nil : found
    }

    /// `ReplaceAllString` (`$1`, `${name}` and `$$` expanded as Go's `Expand` does) or, with
    /// `literal`, `ReplaceAllLiteralString`.
    public func replaceAll(_ s: String, with replacement: String, literal: Bool = false) -> String {
        let src = Array(s.utf8)
        let template = Array(replacement.utf8)
        let names = literal ? [] : groupNames
        var out: [UInt8] = []
        var lastMatchEnd = 0
        var searchPos = 0
        while searchPos <= src.count {
            guard let m = find(src, from: searchPos) else { break }
            out += src[lastMatchEnd..<m[0]]
            // No replacement for an empty match right after the previous match.
            if m[1] > lastMatchEnd || m[0] == 0 {
                if literal { out += template } else { Self.expand(&out, template, src, m, names) }
            }
            lastMatchEnd = m[1]
            let width = searchPos < src.count ? Self.runeLength(src, at: searchPos) : 0
            if searchPos + width > m[1] {
                searchPos += width
            } else if searchPos + 1 > m[1] {
                searchPos += 1
            } else {
                searchPos = m[1]
            }
        }
        out += src[lastMatchEnd...]
        return String(decoding: out, as: UTF8.self)
    }

    /// `Split(s, n)`: the text between matches, at most n pieces (all when n < 0); nil when n == 0.
    public func split(_ s: String, limit n: Int) -> [String]? {
        if n == 0 { return nil }
        if !pattern.isEmpty && s.isEmpty { return [""] }
        let bytes = Array(s.utf8)
        var pieces: [String] = []
        var beg = 0, end = 0
        for m in findAllIndex(s, limit: n) {
            if n > 0 && pieces.count == n - 1 { break }
            end = m[0]
            if m[1] != 0 { pieces.append(String(decoding: bytes[beg..<end], as: UTF8.self)) }
            beg = m[1]
        }
        if end != bytes.count { pieces.append(String(decoding: bytes[beg...], as: UTF8.self)) }
        return pieces
    }

    /// `regexp.QuoteMeta`: every character special to the syntax escaped.
    public static func quoteMeta(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(c) { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// Regexp.expand: `$n`, `${n}`, `$name`, `${name}` and `$$` in `template`.
    private static func expand(_ out: inout [UInt8], _ template: [UInt8], _ src: [UInt8], _ m: [Int], _ names: [String]) {
        var t = template[...]
        func group(_ i: Int) {
            if 2 * i + 1 < m.count, m[2 * i] >= 0 { out += src[m[2 * i]..<m[2 * i + 1]] }
        }
        while let dollar = t.firstIndex(of: UInt8(ascii: "$")) {
            out += t[t.startIndex..<dollar]
            t = t[(dollar + 1)...]
            if t.first == UInt8(ascii: "$") {
                out.append(UInt8(ascii: "$"))
                t = t.dropFirst()
                continue
            }
            guard let (name, num, rest) = extract(t) else {
                out.append(UInt8(ascii: "$"))  // malformed: the $ is literal text
                continue
            }
            t = rest
            if num >= 0 {
                group(num)
            } else if let i = names.firstIndex(of: name) {
                group(i)
            }
        }
        out += t
    }

    /// Regexp's `extract`: a leading `name` or `{name}` (letters, digits, `_`); `num` is its
    /// value when it is a number without leading zeros, else -1.
    private static func extract(_ s: ArraySlice<UInt8>) -> (name: String, num: Int, rest: ArraySlice<UInt8>)? {
        var str = s
        let brace = str.first == UInt8(ascii: "{")
        if brace { str = str.dropFirst() }
        let text = String(decoding: str, as: UTF8.self)
        var nameBytes = 0
        for c in text.unicodeScalars {
            let p = c.properties
            let letter = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
                .contains(p.generalCategory)
            guard letter || p.generalCategory == .decimalNumber || c == "_" else { break }
            nameBytes += String(c).utf8.count
        }
        guard nameBytes > 0 else { return nil }
        let name = String(decoding: str.prefix(nameBytes), as: UTF8.self)
        var rest = str.dropFirst(nameBytes)
        if brace {
            guard rest.first == UInt8(ascii: "}") else { return nil }
            rest = rest.dropFirst()
        }
        var num = 0
        for b in name.utf8 {
            guard b >= 0x30, b <= 0x39, num < 100_000_000 else { num = -1; break }
            num = num * 10 + Int(b - 0x30)
        }
        if name.utf8.first == UInt8(ascii: "0") && name.utf8.count > 1 { num = -1 }
        return (name, num, rest)
    }

    /// The leftmost-first match at or after byte `pos`: offsets of the match and every group.
    private func find(_ bytes: [UInt8], from pos: Int) -> [Int]? {
        let spanCount = groupCount + 1
        var spans = [Int64](repeating: -1, count: 2 * spanCount)
        let found = bytes.withUnsafeBufferPointer { buf in
            spans.withUnsafeMutableBufferPointer { out in
                buf.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                        cre2_find(handle, $0, buf.count, pos, out.baseAddress, Int32(spanCount))
                    }
                } ?? cre2_find(handle, "", 0, pos, out.baseAddress, Int32(spanCount))
            }
        }
        return found == 1 ? spans.map { Int($0) } : nil
    }

    /// The length of the UTF-8 sequence starting at `i` (Swift strings are valid UTF-8).
    private static func runeLength(_ bytes: [UInt8], at i: Int) -> Int {
        switch bytes[i] {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}

extension GoRegex {
    /// The RE2 library in use (its soname, e.g. `libre2.so.9`, or what the release build linked
    /// statically, e.g. `libre2.a 20220601+dfsg-1+b1 (static)`), for `kubectl rsip version`.
    public static var libraryName: String {
        cre2_library_name().map { String(cString: $0) } ?? "unknown"
    }
}
