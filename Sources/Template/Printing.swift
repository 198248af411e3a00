// How Go's fmt prints the values a template sees (JSON-decoded data and function results):
// `%v` for an action's output, and a Printf subset for `printf`.

import Foundation
import YAML

enum GoFormat {
    // MARK: - floats (strconv.FormatFloat)

    /// Shortest round-tripping digits of |d| (non-zero, finite): value = 0.d1d2... × 10^point.
    static func shortestDigits(_ d: Double) -> (digits: [UInt8], point: Int) {
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

    private static func exponent(_ e: Int) -> String {
        var s = String(abs(e))
        if s.count < 2 { s = "0" + s }
        return (e < 0 ? "-" : "+") + s
    }

    /// %v of a float64: strconv 'g' with shortest digits, which switches to an exponent when
    /// exp < -4 || exp >= 6 (so 1000000.0 prints `1e+06`, the well-known Helm surprise).
    static func formatG(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0" }
        let (ds, point) = shortestDigits(d)
        let exp = point - 1
        let s = String(decoding: ds, as: UTF8.self)
        if exp < -4 || exp >= 6 {
            var out = String(s.prefix(1))
            if ds.count > 1 { out += "." + s.dropFirst() }
            return sign + out + "e" + exponent(exp)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + s }
        if point >= ds.count { return sign + s + String(repeating: "0", count: point - ds.count) }
        return sign + s.prefix(point) + "." + s.dropFirst(point)
    }

    /// %f / %e with an explicit precision: C's printf rounds the exact binary value, as Go does.
    static func formatC(_ d: Double, verb: Character, precision: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        return String(format: "%.\(precision)\(verb)", d)
    }

    // MARK: - %v of a value

    /// fmt's `%v` of the Go value this Value stands for (nil prints `<nil>`).
    static func v(_ value: Value) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return formatG(d)
        case .string(let s): return s
        case .array(let a): return "[" + a.map(v).joined(separator: " ") + "]"
        case .object(let o):
            // fmt prints maps with sorted keys.
            return "map[" + o.keys.sorted().map { k in k + ":" + v(o[k] ?? .null) }.joined(separator: " ") + "]"
        }
    }

    /// The Go type name of a JSON-decoded value, as messages print it.
    static func typeName(_ value: Value) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int64"
        case .uint: return "uint64"
        case .double: return "float64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .object: return "map[string]interface {}"
        }
    }

    // MARK: - Sprint / Sprintln

    /// fmt.Sprint: spaces only between operands when neither is a string.
    static func sprint(_ args: [Value]) -> String {
        var out = ""
        for (i, a) in args.enumerated() {
            if i > 0, !isString(a), !isString(args[i - 1]) { out += " " }
            out += v(a)
        }
        return out
    }

    static func sprintln(_ args: [Value]) -> String {
        args.map(v).joined(separator: " ") + "\n"
    }

    private static func isString(_ v: Value) -> Bool { if case .string = v { return true }; return false }
}

