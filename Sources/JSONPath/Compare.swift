import YAML

// The comparisons of a filter `[?(@.x OP y)]`: client-go forks text/template's eq, ne, lt, le,
// gt, ge, so they follow Go's kinds: an int64 from the data equals an int literal, but never a
// float; strings compare bytewise; anything else (null, maps, lists) cannot be compared.

enum Comparison {
    private enum Basic {
        case bool(Bool)
        case int(Int64)
        case uint(UInt64)
        case float(Double)
        case string(String)
    }

    private static let badType = JSONPathError("invalid type for comparison")
    private static let incompatible = JSONPathError("incompatible types for comparison")

    /// The value after `.Interface()`: Go's basic kind, or the "invalid type" error.
    private static func basic(_ r: JSONPath.Result) throws(JSONPathError) -> Basic {
        switch r.payload {
        case .int(let i): return .int(Int64(i))
        case .byte(let b): return .uint(UInt64(b))
        case .invalid: throw badType
        case .value(let v):
            switch v {
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .uint(let u): return .float(Double(u))
            case .double(let d): return .float(d)
            case .string(let s): return .string(s)
            case .null, .array, .object: throw badType
            }
        }
    }

    static func equal(_ a: JSONPath.Result, _ b: JSONPath.Result) throws(JSONPathError) -> Bool {
        let k1 = try basic(a)
        let k2 = try basic(b)
        switch (k1, k2) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.int(let x), .uint(let y)): return x >= 0 && UInt64(x) == y
        case (.uint(let x), .int(let y)): return y >= 0 && x == UInt64(y)
        default: throw incompatible
        }
    }

    static func less(_ a: JSONPath.Result, _ b: JSONPath.Result) throws(JSONPathError) -> Bool {
        let k1 = try basic(a)
        let k2 = try basic(b)
        switch (k1, k2) {
        case (.bool, .bool): throw badType
        case (.int(let x), .int(let y)): return x < y
        case (.uint(let x), .uint(let y)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.int(let x), .uint(let y)): return x < 0 || UInt64(x) < y
        case (.uint(let x), .int(let y)): return y >= 0 && x < UInt64(y)
        default: throw incompatible
        }
    }

    /// One filter operator; nil for an operator Go does not know.
    static func apply(_ op: String, _ a: JSONPath.Result, _ b: JSONPath.Result) throws(JSONPathError) -> Bool? {
        switch op {
        case "<": return try less(a, b)
        case ">": return !(try lessOrEqual(a, b))
        case "==": return try equal(a, b)
        case "!=": return !(try equal(a, b))
        case "<=": return try lessOrEqual(a, b)
        case ">=": return !(try less(a, b))
        default: return nil
        }
    }

    private static func lessOrEqual(_ a: JSONPath.Result, _ b: JSONPath.Result) throws(JSONPathError) -> Bool {
        if try less(a, b) { return true }
        return try equal(a, b)
    }
}
