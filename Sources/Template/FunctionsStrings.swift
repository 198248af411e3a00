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
        case "substr": return .string(try substr(n(a[0]), n(a[1]), s(a[2])))
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
        case "hello": return .string("Hello!")
        case "sha1sum": return .string(SHA1.hex(GoBytes.bytes(s(a[0]))))
        case "sha256sum": return .string(SHA256.hex(GoBytes.bytes(s(a[0]))))
        case "b32enc": return .string(GoBase32.encode(GoBytes.bytes(s(a[0]))))
        case "b32dec":
            // sprig returns the decoder's error text as the result.
            do { return .string(GoBytes.string(try GoBase32.decode(s(a[0])))) } catch {
                return .string(error.description)
            }
        case "adler32sum": return .string(String(adler32(GoBytes.bytes(s(a[0])))))
        case "slugify": return .string(Slug.make(s(a[0])))
        case "split", "splitn":
            let parts = name == "split" ? split(s(a[1]), by: s(a[0])) : split(s(a[2]), by: s(a[0]), limit: n(a[1]))
            var o = Value.Object()
            for (i, part) in parts.enumerated() { o["_\(i)"] = .string(part) }
            return .object(o)
        case "splitList": return .array(split(s(a[1]), by: s(a[0])).map(Value.string))
        case "join": return .string(Sprig.strslice(a[1]).joined(separator: s(a[0])))
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
        let bytes = GoBytes.bytes(str)
        if c < 0 && bytes.count + c > 0 { return GoBytes.string(bytes[(bytes.count + c)...]) }
        if c >= 0 && bytes.count > c { return GoBytes.string(bytes[..<c]) }
        return str
    }

    /// sprig's substring: s[:end] when start < 0, s[start:] when end < 0 or past the end,
    /// else s[start:end]; bounds Go rejects panic with the runtime's message.
    static func substr(_ start: Int, _ end: Int, _ str: String) throws -> String {
        let bytes = GoBytes.bytes(str)
        let n = bytes.count
        func outOfRange(_ detail: String) -> FunctionError { FunctionError("runtime error: slice bounds out of range \(detail)") }
        if start < 0 {
            if end < 0 { throw outOfRange("[:\(end)]") }
            if end > n { throw outOfRange("[:\(end)] with length \(n)") }
            return GoBytes.string(bytes[..<end])
        }
        if end < 0 || end > n {
            if start > n { throw outOfRange("[\(start):\(n)]") }
            return GoBytes.string(bytes[start...])
        }
        if start > end { throw outOfRange("[\(start):\(end)]") }
        return GoBytes.string(bytes[start..<end])
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

    /// strings.SplitN (limit < 0: strings.Split): at most `limit` pieces, the last holding the
    /// rest; an empty separator splits after each UTF-8 sequence; a limit of 0 gives none.
    static func split(_ str: String, by sep: String, limit: Int = -1) -> [String] {
        if limit == 0 { return [] }
        if sep.isEmpty {
            let scalars = Array(str.unicodeScalars)
            let n = limit < 0 || limit > scalars.count ? scalars.count : limit
            guard n > 0 else { return [] }
            return scalars[..<(n - 1)].map { String($0) } + [String(String.UnicodeScalarView(scalars[(n - 1)...]))]
        }
        let b = Array(str.utf8), p = Array(sep.utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while i + p.count <= b.count && (limit < 0 || parts.count < limit - 1) {
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

}
