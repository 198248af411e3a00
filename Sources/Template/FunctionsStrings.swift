// slim-sprig's string functions, with sprig's argument order (the string last, for pipes).

import GoCompat
import Checksum
import YAML

extension Functions {
    private static func s(_ v: Value) -> String { v.string ?? Sprig.strval(v) }
    private static func n(_ v: Value) -> Int { Int(clamping: v.int ?? 0) }

    static func stringFunction(_ name: String, _ a: [Value]) throws -> Value? {
        switch name {
        case "trim": return .string(trimSpace(s(a[0])))
        case "upper": return .string(s(a[0]).uppercased())
        case "lower": return .string(s(a[0]).lowercased())
        case "title": return .string(title(s(a[0])))
        case "trunc": return .string(trunc(n(a[0]), s(a[1])))
        case "substr": return .string(substr(n(a[0]), n(a[1]), s(a[2])))
        case "repeat":
            let count = n(a[0])
            guard count >= 0 else { throw FunctionError("strings: negative Repeat count") }
            return .string(String(repeating: s(a[1]), count: count))
        case "trimall", "trimAll": return .string(trim(s(a[1]), cutset: s(a[0])))
        case "trimSuffix":
            let suffix = s(a[0]), str = s(a[1])
            return .string(str.hasSuffix(suffix) && !suffix.isEmpty ? String(str.dropLast(suffix.count)) : str)
        case "trimPrefix":
            let prefix = s(a[0]), str = s(a[1])
            return .string(str.hasPrefix(prefix) && !prefix.isEmpty ? String(str.dropFirst(prefix.count)) : str)
        case "contains": return .bool(s(a[0]).isEmpty || s(a[1]).contains(s(a[0])))
        case "hasPrefix": return .bool(s(a[1]).hasPrefix(s(a[0])))
        case "hasSuffix": return .bool(s(a[1]).hasSuffix(s(a[0])))
        case "quote":
            return .string(a.filter { !$0.isNull }.map { GoQuote.quote(Sprig.strval($0)) }.joined(separator: " "))
        case "squote":
            return .string(a.filter { !$0.isNull }.map { "'" + Sprig.strval($0) + "'" }.joined(separator: " "))
        case "cat":
            return .string(a.filter { !$0.isNull }.map(GoFormat.v).joined(separator: " "))
        case "indent": return .string(indent(n(a[0]), s(a[1])))
        case "nindent": return .string("\n" + indent(n(a[0]), s(a[1])))
        case "replace": return .string(replace(s(a[2]), s(a[0]), s(a[1])))
        case "plural": return .string(n(a[2]) == 1 ? s(a[0]) : s(a[1]))
        case "sha256sum": return .string(SHA256.hex(Array(s(a[0]).utf8)))
        case "adler32sum": return .string(String(adler32(Array(s(a[0]).utf8))))
        case "slugify": return .string(Slug.make(s(a[0])))
        case "split":
            var o = Value.Object()
            for (i, part) in split(s(a[1]), by: s(a[0])).enumerated() { o["_\(i)"] = .string(part) }
            return .object(o)
        case "splitList": return .array(split(s(a[1]), by: s(a[0])).map(Value.string))
        case "join": return .string(Sprig.strslice(a[1]).joined(separator: s(a[0])))
        case "base": return .string(pathBase(s(a[0])))
        default: return nil
        }
    }

    static func trimSpace(_ str: String) -> String {
        let scalars = Array(str.unicodeScalars)
        var lo = 0, hi = scalars.count
        while lo < hi && scalars[lo].properties.isWhitespace { lo += 1 }
        while hi > lo && scalars[hi - 1].properties.isWhitespace { hi -= 1 }
        return String(String.UnicodeScalarView(scalars[lo..<hi]))
    }

    /// strings.Trim(s, cutset).
    static func trim(_ str: String, cutset: String) -> String {
        let cut = Set(cutset.unicodeScalars)
        let scalars = Array(str.unicodeScalars)
        var lo = 0, hi = scalars.count
        while lo < hi && cut.contains(scalars[lo]) { lo += 1 }
        while hi > lo && cut.contains(scalars[hi - 1]) { hi -= 1 }
        return String(String.UnicodeScalarView(scalars[lo..<hi]))
    }

    /// strings.Title: upper-case the first letter of each word (words split on non-letters).
    static func title(_ str: String) -> String {
        var prev: Unicode.Scalar = " "
        var out = String.UnicodeScalarView()
        for r in str.unicodeScalars {
            // Go's isSeparator: ASCII non-alphanumerics (but not '_'), and Unicode spaces.
            let separator: Bool
            if prev.isASCII {
                separator = !Lexer.isAlphaNumeric(prev)
            } else if prev.properties.isAlphabetic || prev.properties.numericType == .decimal {
                separator = false
            } else {
                separator = prev.properties.isWhitespace
            }
            if separator {
                out.append(contentsOf: String(r).uppercased().unicodeScalars)
            } else {
                out.append(r)
            }
            prev = r
        }
        return String(out)
    }

    /// trunc works on bytes, as Go's string slicing does.
    static func trunc(_ c: Int, _ str: String) -> String {
        let bytes = Array(str.utf8)
        if c < 0 && bytes.count + c > 0 { return String(decoding: bytes[(bytes.count + c)...], as: UTF8.self) }
        if c >= 0 && bytes.count > c { return String(decoding: bytes[..<c], as: UTF8.self) }
        return str
    }

    static func substr(_ start: Int, _ end: Int, _ str: String) -> String {
        let bytes = Array(str.utf8)
        func clamp(_ x: Int) -> Int { max(0, min(x, bytes.count)) }
        if start < 0 { return String(decoding: bytes[..<clamp(end)], as: UTF8.self) }
        if end < 0 || end > bytes.count { return String(decoding: bytes[clamp(start)...], as: UTF8.self) }
        let lo = clamp(start), hi = max(lo, clamp(end))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    static func indent(_ spaces: Int, _ v: String) -> String {
        let pad = String(repeating: " ", count: max(0, spaces))
        return pad + replace(v, "\n", "\n" + pad)
    }

    /// strings.Replace(s, old, new, -1), including Go's behaviour for an empty `old`.
    static func replace(_ str: String, _ old: String, _ new: String) -> String {
        if old.isEmpty {
            var out = new
            for ch in str.unicodeScalars { out.unicodeScalars.append(ch); out += new }
            return out
        }
        return split(str, by: old).joined(separator: new)
    }

    /// strings.Split: an empty separator splits after each UTF-8 sequence.
    static func split(_ str: String, by sep: String) -> [String] {
        if sep.isEmpty { return str.unicodeScalars.map { String($0) } }
        let b = Array(str.utf8), p = Array(sep.utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while i + p.count <= b.count {
            if b[i] == p[0] && Array(b[i..<(i + p.count)]) == p {
                parts.append(String(decoding: b[start..<i], as: UTF8.self))
                i += p.count; start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: b[start...], as: UTF8.self))
        return parts
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for x in bytes { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        return (b << 16) | a
    }

    /// path.Base.
    static func pathBase(_ p: String) -> String {
        if p.isEmpty { return "." }
        var s = Substring(p)
        while s.count > 1 && s.hasSuffix("/") { s = s.dropLast() }
        if s == "/" { return "/" }
        if let i = s.lastIndex(of: "/") { s = s[s.index(after: i)...] }
        return s.isEmpty ? "/" : String(s)
    }
}
