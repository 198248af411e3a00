// How Go's fmt prints the values a template sees (JSON-decoded data and function results):
// `%v` for an action's output, and a Printf subset for `printf`.

import Foundation
import YAML

enum GoFormat {
    // MARK: - floats

    /// %v of a float64: strconv 'g' with shortest digits, which switches to an exponent when
    /// exp < -4 || exp >= 6 (so 1000000.0 prints `1e+06`, the well-known Helm surprise).
    static func formatG(_ d: Double) -> String { GoFloat.formatG(d) }

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

    /// The Go type name of an untagged value, as messages print it (`.int` is Go's int).
    static func typeName(_ value: Value) -> String { GoType.of(value)?.name ?? "<nil>" }

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

