// Go's strconv.FormatFloat for the two shapes kubectl prints: 'g' with shortest precision
// (go-yaml, and fmt's %v in templates) and encoding/json's 'f'/'e' rule. Swift's `description` already yields the
// shortest round-tripping digits (as Go's Ryu does); only the layout differs.

public enum GoFloat {
    /// Shortest decimal digits of a finite, non-zero |d| with the decimal point position:
    /// value = 0.d1d2...dn × 10^point.
    private static func digits(_ d: Double) -> (digits: [UInt8], point: Int) {
        let text = Array(abs(d).description.utf8)
        var mantissa = text[...]
        var exp = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exp = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        }
        var ds: [UInt8] = []
        var intDigits = 0
        var seenDot = false
        for c in mantissa {
            if c == UInt8(ascii: ".") { seenDot = true; continue }
            ds.append(c)
            if !seenDot { intDigits += 1 }
        }
        var point = intDigits + exp
        while let f = ds.first, f == UInt8(ascii: "0"), ds.count > 1 { ds.removeFirst(); point -= 1 }
        while let l = ds.last, l == UInt8(ascii: "0"), ds.count > 1 { ds.removeLast() }
        return (ds, point)
    }

    private static func expString(_ e: Int, minDigits: Int) -> String {
        var s = String(abs(e))
        while s.count < minDigits { s = "0" + s }
        return (e < 0 ? "-" : "+") + s
    }

    private static func eFormat(_ ds: [UInt8], point: Int) -> String {
        var out = String(decoding: ds[..<1], as: UTF8.self)
        if ds.count > 1 { out += "." + String(decoding: ds[1...], as: UTF8.self) }
        return out + "e" + expString(point - 1, minDigits: 2)
    }

    private static func fFormat(_ ds: [UInt8], point: Int) -> String {
        let s = String(decoding: ds, as: UTF8.self)
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + s }
        if point >= ds.count { return s + String(repeating: "0", count: point - ds.count) }
        let cut = ds.index(ds.startIndex, offsetBy: point)
        return String(decoding: ds[..<cut], as: UTF8.self) + "." + String(decoding: ds[cut...], as: UTF8.self)
    }

    /// strconv.FormatFloat(d, 'g', -1, 64), which is also fmt's %v of a float64.
    public static func formatG(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0" }
        let (ds, point) = digits(d)
        let exp = point - 1
        if exp < -4 || exp >= 6 { return sign + eFormat(ds, point: point) }
        return sign + fFormat(ds, point: point)
    }

    /// encoding/json's float64 encoding: 'f' unless the exponent is extreme, then 'e' with
    /// `e-07` shortened to `e-7`. Non-finite values cannot be JSON; they print as null.
    static func formatJSON(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0" }
        let (ds, point) = digits(d)
        let a = abs(d)
        if a < 1e-6 || a >= 1e21 {
            var s = eFormat(ds, point: point)
            // e-07 -> e-7 (Go cleans up exactly this two-digit negative case).
            let b = Array(s.utf8)
            let n = b.count
            if n >= 4, b[n - 4] == UInt8(ascii: "e"), b[n - 3] == UInt8(ascii: "-"), b[n - 2] == UInt8(ascii: "0") {
                s = String(decoding: b[..<(n - 2)] + [b[n - 1]], as: UTF8.self)
            }
            return sign + s
        }
        return sign + fFormat(ds, point: point)
    }

    /// go-yaml v2's float output: 'g' with YAML spellings for the specials.
    static func formatYAML(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        return formatG(d)
    }
}
