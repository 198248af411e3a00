// slim-sprig's conversion helpers (strval, toInt64, toFloat64, empty, strslice), shared by
// the sprig functions: they decide how loosely typed template values turn into Go types.

import YAML

enum Sprig {
    /// strval: strings as they are, everything else as fmt's %v.
    static func strval(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return GoFormat.v(v)
    }

    /// toInt64: strings through strconv.ParseInt (0 on error), floats truncated, bools 0/1.
    static func toInt64(_ v: Value) -> Int64 {
        switch v {
        case .string(let s): return GoNumber.parseDecimalInt(s) ?? 0
        case .int(let i): return i
        case .uint(let u): return u <= UInt64(Int64.max) ? Int64(u) : Int64.max
        case .double(let d):
            guard d.isFinite else { return Int64.min }
            return Int64(exactly: d.rounded(.towardZero)) ?? Int64.min
        case .bool(let b): return b ? 1 : 0
        default: return 0
        }
    }

    static func toFloat64(_ v: Value) -> Double {
        switch v {
        case .string(let s): return GoNumber.strconvParseFloat(s) ?? 0
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return 0
        }
    }

    /// empty: the zero value of its type (nil, "", 0, false, empty list or map).
    static func empty(_ v: Value) -> Bool {
        switch v {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        case .bool(let b): return !b
        case .int(let i): return i == 0
        case .uint(let u): return u == 0
        case .double(let d): return d == 0
        }
    }

    /// strslice: a list becomes its non-nil elements as strings; nil is empty; else one element.
    static func strslice(_ v: Value) -> [String] {
        switch v {
        case .array(let a): return a.compactMap { $0.isNull ? nil : strval($0) }
        case .null: return []
        default: return [strval(v)]
        }
    }

    /// reflect.Kind names, for sprig's "Cannot ... on type X" messages (`RV.kindName` knows
    /// the typed values too).
    static func kindName(_ v: Value) -> String { GoType.of(v)?.kind ?? "invalid" }
}

extension GoNumber {
    /// strconv.ParseFloat(s, 64): also `NaN`, `Inf`, `+Infinity` (any case); nil on error
    /// (out-of-range values included).
    static func strconvParseFloat(_ s: String) -> Double? {
        var body = Substring(s.lowercased())
        var sign = 1.0
        if let f = body.first, f == "+" || f == "-" { sign = f == "-" ? -1 : 1; body = body.dropFirst() }
        if body == "inf" || body == "infinity" { return sign * .infinity }
        if body == "nan", s.count == 3 { return .nan }
        return parseFloat(s)
    }

    /// strconv.ParseInt(s, 10, 64) / Atoi.
    static func parseDecimalInt(_ s: String) -> Int64? { parseInt(s, radix: 10) }

    /// strconv.ParseInt(s, radix, 64) with an explicit base: a sign, then digits of that base
    /// (no prefix, no underscores); nil where Go returns an error (overflow included).
    static func parseInt(_ s: String, radix: Int) -> Int64? {
        var body = Substring(s)
        var negative = false
        if let f = body.first, f == "+" || f == "-" { negative = f == "-"; body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else { return nil }
        guard let u = UInt64(body, radix: radix) else { return nil }
        if negative { return u <= UInt64(Int64.max) + 1 ? (u == UInt64(Int64.max) + 1 ? Int64.min : -Int64(u)) : nil }
        return u <= UInt64(Int64.max) ? Int64(u) : nil
    }
}
