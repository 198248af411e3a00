// fmt.Sprintf for the verbs templates use: %v %s %d %q %x %X %o %b %c %f %F %e %E %g %t %T %%,
// with flags (- + # 0 space), width and precision, and Go's %!verb(type=value) complaints.

import YAML
import GoCompat

struct Printf {
    private struct Spec {
        var minus = false, plus = false, sharp = false, zero = false, space = false
        var width: Int?
        var precision: Int?
    }

    /// `typeNames` are the operands' Go types where `Value` does not tell them (`add` gives an
    /// int64), for %T and `%!d(int64=3)`.
    static func format(_ format: String, _ args: [Value], typeNames: [String]? = nil) -> String {
        func typeName(_ i: Int) -> String { typeNames.flatMap { i < $0.count ? $0[i] : nil } ?? GoFormat.typeName(args[i]) }
        var out = ""
        var argIndex = 0
        let chars = Array(format)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c != "%" { out.append(c); i += 1; continue }
            i += 1
            guard i < chars.count else { out += "%!(NOVERB)"; break }
            var spec = Spec()
            flags: while i < chars.count {
                switch chars[i] {
                case "-": spec.minus = true; spec.zero = false
                case "+": spec.plus = true
                case "#": spec.sharp = true
                case "0": spec.zero = !spec.minus
                case " ": spec.space = true
                default: break flags
                }
                i += 1
            }
            if i < chars.count, chars[i] == "*" {
                i += 1
                if argIndex < args.count, let w = args[argIndex].int { spec.width = Int(w); argIndex += 1 }
                else { out += "%!(BADWIDTH)"; argIndex += 1 }
            } else {
                var w = 0, seen = false
                while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII { w = w * 10 + d; i += 1; seen = true }
                if seen { spec.width = w }
            }
            if i < chars.count, chars[i] == "." {
                i += 1
                if i < chars.count, chars[i] == "*" {
                    i += 1
                    if argIndex < args.count, let p = args[argIndex].int { spec.precision = Int(p); argIndex += 1 }
                    else { out += "%!(BADPREC)"; argIndex += 1 }
                } else {
                    var p = 0
                    while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII { p = p * 10 + d; i += 1 }
                    spec.precision = p
                }
            }
            guard i < chars.count else { out += "%!(NOVERB)"; break }
            let verb = chars[i]
            i += 1
            if verb == "%" { out += "%"; continue }
            guard argIndex < args.count else { out += "%!\(verb)(MISSING)"; continue }
            let arg = args[argIndex]
            argIndex += 1
            out += formatOne(arg, verb: verb, spec: spec, typeName: typeName(argIndex - 1))
        }
        if argIndex < args.count {
            out += "%!(EXTRA " + args.indices[argIndex...].map { "\(typeName($0))=\(GoFormat.v(args[$0]))" }
                .joined(separator: ", ") + ")"
        }
        return out
    }

    private static func bad(_ verb: Character, _ arg: Value, _ typeName: String?) -> String {
        if case .null = arg { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(typeName ?? GoFormat.typeName(arg))=\(GoFormat.v(arg)))"
    }

    private static func pad(_ s: String, _ spec: Spec, numeric: Bool) -> String {
        guard let w = spec.width, s.count < w else { return s }
        let n = w - s.count
        if spec.minus { return s + String(repeating: " ", count: n) }
        if spec.zero && numeric {
            // Zeros go after the sign.
            if let f = s.first, f == "-" || f == "+" || f == " " {
                return String(f) + String(repeating: "0", count: n) + s.dropFirst()
            }
            return String(repeating: "0", count: n) + s
        }
        return String(repeating: " ", count: n) + s
    }

    private static func signed(_ s: String, negative: Bool, _ spec: Spec) -> String {
        if negative { return "-" + s }
        if spec.plus { return "+" + s }
        if spec.space { return " " + s }
        return s
    }

    private static func formatOne(_ arg: Value, verb: Character, spec: Spec, typeName: String? = nil) -> String {
        switch arg {
        case .array(let items):
            if verb == "T" { return pad(typeName ?? "[]interface {}", spec, numeric: false) }
            if verb == "s" || verb == "v" || verb == "d" || verb == "q" || verb == "x" || verb == "X" || verb == "f" || verb == "g" || verb == "e" {
                return "[" + items.map { formatOne($0, verb: verb, spec: spec) }.joined(separator: " ") + "]"
            }
            return bad(verb, arg, typeName)
        case .object(let o):
            if verb == "T" { return pad(typeName ?? "map[string]interface {}", spec, numeric: false) }
            return "map[" + o.keys.sorted().map { k in
                formatOne(.string(k), verb: verb, spec: spec) + ":" + formatOne(o[k] ?? .null, verb: verb, spec: spec)
            }.joined(separator: " ") + "]"
        default: break
        }
        if verb == "T" { return pad(typeName ?? GoFormat.typeName(arg), spec, numeric: false) }
        switch arg {
        case .null:
            // fmt prints a nil operand as <nil> for %v only (and %T): `%!s(<nil>)` otherwise.
            return verb == "v" ? pad("<nil>", spec, numeric: false) : bad(verb, arg, typeName)
        case .bool(let b):
            return verb == "v" || verb == "t" ? pad(b ? "true" : "false", spec, numeric: false) : bad(verb, arg, typeName)
        case .int(let n):
            return formatInteger(negative: n < 0, magnitude: n.magnitude, verb: verb, spec: spec, arg: arg, typeName: typeName)
        case .uint(let n):
            return formatInteger(negative: false, magnitude: n, verb: verb, spec: spec, arg: arg, typeName: typeName)
        case .double(let d):
            return formatFloat(d, verb: verb, spec: spec, arg: arg, typeName: typeName)
        case .string(let s):
            return formatString(s, verb: verb, spec: spec, arg: arg, typeName: typeName)
        case .array, .object:
            return bad(verb, arg, typeName)
        }
    }

    private static func formatInteger(negative: Bool, magnitude: UInt64, verb: Character, spec: Spec, arg: Value, typeName: String?) -> String {
        var digits: String
        switch verb {
        case "v", "d": digits = String(magnitude)
        case "x": digits = String(magnitude, radix: 16); if spec.sharp { digits = "0x" + digits }
        case "X": digits = String(magnitude, radix: 16).uppercased(); if spec.sharp { digits = "0X" + digits }
        case "o": digits = String(magnitude, radix: 8); if spec.sharp { digits = "0" + digits }
        case "O": digits = "0o" + String(magnitude, radix: 8)
        case "b": digits = String(magnitude, radix: 2)
        case "c", "q":
            guard !negative, magnitude <= 0x10FFFF, let s = Unicode.Scalar(UInt32(magnitude)) else {
                return pad(verb == "q" ? "'\u{FFFD}'" : "\u{FFFD}", spec, numeric: false)
            }
            if verb == "c" { return pad(String(Character(s)), spec, numeric: false) }
            let quoted = GoQuote.quote(String(Character(s)))
            let inner = quoted.dropFirst().dropLast()
            return pad("'" + (inner == "'" ? "\\'" : inner == "\\\"" ? "\"" : inner) + "'", spec, numeric: false)
        default: return bad(verb, arg, typeName)
        }
        if let p = spec.precision {
            while digits.count < p { digits = "0" + digits }
            if p == 0 && magnitude == 0 { digits = "" }
        }
        return pad(signed(digits, negative: negative, spec), spec, numeric: spec.precision == nil)
    }

    private static func formatFloat(_ d: Double, verb: Character, spec: Spec, arg: Value, typeName: String?) -> String {
        let negative = d.sign == .minus && !d.isNaN
        let m = abs(d)
        var body: String
        switch verb {
        case "v", "g", "G":
            if let p = spec.precision {
                body = GoFormat.formatC(m, verb: verb == "G" ? "G" : "g", precision: p == 0 ? 1 : p)
                // C's %g pads the exponent like Go (e+06), keeps Go's shortest layout otherwise.
            } else {
                body = GoFormat.formatG(m)
                if verb == "G" { body = body.uppercased() }
            }
        case "f", "F": body = GoFormat.formatC(m, verb: "f", precision: spec.precision ?? 6)
        case "e", "E": body = GoFormat.formatC(m, verb: verb, precision: spec.precision ?? 6)
        default: return bad(verb, arg, typeName)
        }
        if m.isInfinite { body = "Inf" }
        return pad(signed(body, negative: negative, spec), spec, numeric: m.isFinite)
    }

    private static func formatString(_ s: String, verb: Character, spec: Spec, arg: Value, typeName: String?) -> String {
        var text = s
        if let p = spec.precision, verb != "x" && verb != "X" { text = String(text.unicodeScalars.prefix(p)) }
        switch verb {
        case "v", "s": return pad(text, spec, numeric: false)
        case "q":
            if spec.sharp && !text.contains("`") { return pad("`" + text + "`", spec, numeric: false) }
            return pad(GoQuote.quote(text), spec, numeric: false)
        case "x", "X":
            var bytes = Array(s.utf8)
            if let p = spec.precision { bytes = Array(bytes.prefix(p)) }
            let hex = bytes.map { b -> String in
                let h = String(b, radix: 16)
                return h.count == 1 ? "0" + h : h
            }.joined(separator: spec.space ? " " : "")
            return pad(verb == "X" ? hex.uppercased() : hex, spec, numeric: false)
        default: return bad(verb, arg, typeName)
        }
    }
}
