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
        case .string(let s): return GoNumber.parseFloat(s) ?? 0
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

    /// reflect.Kind names, for kindOf/kindIs and sprig's "Cannot ... on type X" messages.
    static func kindName(_ v: Value) -> String {
        switch v {
        case .null: return "invalid"
        case .bool: return "bool"
        case .int: return "int64"
        case .uint: return "uint64"
        case .double: return "float64"
        case .string: return "string"
        case .array: return "slice"
        case .object: return "map"
        }
    }
}

extension GoNumber {
    /// strconv.ParseInt(s, 10, 64) / Atoi.
    static func parseDecimalInt(_ s: String) -> Int64? {
        var body = Substring(s)
        var negative = false
        if let f = body.first, f == "+" || f == "-" { negative = f == "-"; body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let u = UInt64(body) else { return nil }
        if negative { return u <= UInt64(Int64.max) + 1 ? (u == UInt64(Int64.max) + 1 ? Int64.min : -Int64(u)) : nil }
        return u <= UInt64(Int64.max) ? Int64(u) : nil
    }
}
