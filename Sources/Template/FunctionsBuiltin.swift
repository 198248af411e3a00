// Go's builtin template functions (funcs.go): comparisons, index, len, not, print*, escapers.

import YAML
import GoCompat

extension Functions {
    private enum Kind { case invalid, bool, int, uint, float, string }

    private static func kind(_ v: Value?) -> Kind {
        switch v {
        case .bool?: return .bool
        case .int?: return .int
        case .uint?: return .uint
        case .double?: return .float
        case .string?: return .string
        default: return .invalid
        }
    }

    /// indirectInterface: a nil interface becomes "no value".
    private static func concrete(_ rv: RV) -> Value? {
        if case .null? = rv.value { return nil }
        return rv.value
    }


    static func eq(_ a: RV, _ others: [RV]) throws -> Bool {
        guard !others.isEmpty else { throw FunctionError("missing argument for comparison") }
        let v1 = concrete(a)
        let k1 = kind(v1)
        for other in others {
            let v2 = concrete(other)
            let k2 = kind(v2)
            var truth = false
            // time.Time is a comparable struct: equal to another time.Time only.
            if a.time != nil || other.time != nil {
                guard let t1 = a.time, let t2 = other.time else {
                    if v1 == nil || v2 == nil { continue }
                    throw FunctionError("incompatible types for comparison: \(a.typeName) and \(other.typeName)")
                }
                if t1 == t2 { return true }
                continue
            }
            if k1 != k2 {
                switch (v1, v2) {
                case (.int(let i)?, .uint(let u)?), (.uint(let u)?, .int(let i)?):
                    truth = i >= 0 && UInt64(i) == u
                default:
                    if v1 != nil && v2 != nil {
                        throw FunctionError("incompatible types for comparison: \(a.typeName) and \(other.typeName)")
                    }
                }
            } else {
                switch (v1, v2) {
                case (.bool(let x)?, .bool(let y)?): truth = x == y
                case (.int(let x)?, .int(let y)?): truth = x == y
                case (.uint(let x)?, .uint(let y)?): truth = x == y
                case (.double(let x)?, .double(let y)?): truth = x == y
                case (.string(let x)?, .string(let y)?): truth = x == y
                case (nil, nil): truth = true
                case (nil, _), (_, nil): truth = false
                case (let x?, let y?):
                    // Maps and slices are not comparable in Go.
                    if case .object = x, case .object = y {
                        throw FunctionError("non-comparable type \(GoFormat.v(y)): \(other.typeName)")
                    }
                    if case .array = x, case .array = y {
                        throw FunctionError("non-comparable type \(GoFormat.v(y)): \(other.typeName)")
                    }
                    throw FunctionError("non-comparable types \(GoFormat.v(x)): \(a.typeName), \(other.typeName): \(GoFormat.v(y))")
                }
            }
            if truth { return true }
        }
        return false
    }

    static func lt(_ a: RV, _ b: RV) throws -> Bool {
        let v1 = concrete(a), v2 = concrete(b)
        let k1 = kind(v1), k2 = kind(v2)
        guard k1 != .invalid, k2 != .invalid, a.time == nil, b.time == nil else {
            throw FunctionError("invalid type for comparison")
        }
        if k1 != k2 {
            switch (v1, v2) {
            case (.int(let i)?, .uint(let u)?): return i < 0 || UInt64(i) < u
            case (.uint(let u)?, .int(let i)?): return i >= 0 && u < UInt64(i)
            // Unlike eq, lt names no types (the controller: `error calling lt: incompatible types for comparison`).
            default: throw FunctionError("incompatible types for comparison")
            }
        }
        switch (v1, v2) {
        case (.int(let x)?, .int(let y)?): return x < y
        case (.uint(let x)?, .uint(let y)?): return x < y
        case (.double(let x)?, .double(let y)?): return x < y
        case (.string(let x)?, .string(let y)?): return x < y
        default: throw FunctionError("invalid type for comparison")
        }
    }

    private static func index(_ item: RV, _ indexes: [RV]) throws -> RV {
        guard concrete(item) != nil else { throw FunctionError("index of untyped nil") }
        var cur = item
        for idx in indexes {
            let i = concrete(idx)
            switch cur.value {
            case .null?:
                throw FunctionError("index of nil pointer")
            case .array(let a)?:
                let x = try indexArg(i, a.count)
                guard x < a.count else { throw FunctionError("reflect: slice index out of range") }
                cur = cur.element(a[x])
            case .string(let s)? where cur.type != .time:
                let bytes = GoBytes.bytes(s)
                let x = try indexArg(i, bytes.count)
                guard x < bytes.count else { throw FunctionError("reflect: string index out of range") }
                cur = RV(.int(Int64(bytes[x])), type: .uint8)
            case .object(let o)?:
                guard let key = i else { throw FunctionError("value is nil; should be of type string") }
                guard case .string(let k) = key else {
                    throw FunctionError("value has type \(GoFormat.typeName(key)); should be string")
                }
                // index never honours missingkey=error: a missing key gives the zero value of
                // the element type (nil, or "" in a map[string]string).
                if let v = o[k] { cur = cur.element(v) } else if cur.type == .map(.string) { cur = RV(.string("")) } else {
                    cur = RV(value: .null, boxed: true)
                }
            default:
                throw FunctionError("can't index item of type \(cur.typeName)")
            }
        }
        return cur
    }

    private static func indexArg(_ v: Value?, _ cap: Int) throws -> Int {
        let x: Int64
        switch v {
        case .int(let i)?: x = i
        case .uint(let u)?: x = Int64(clamping: u)
        case nil: throw FunctionError("cannot index slice/array with nil")
        case let other?: throw FunctionError("cannot index slice/array with type \(GoFormat.typeName(other))")
        }
        guard x >= 0, x <= Int64(cap) else { throw FunctionError("index out of range: \(x)") }
        return Int(x)
    }

    private static func length(_ item: RV) throws -> Int {
        guard let v = item.value else { throw FunctionError("reflect: call of reflect.Value.Type on zero Value") }
        if item.time != nil { throw FunctionError("len of type time.Time") }
        switch v {
        case .null: throw FunctionError("len of nil pointer")
        case .string(let s): return GoBytes.bytes(s).count
        case .array(let a): return a.count
        case .object(let o): return o.count
        default: throw FunctionError("len of type \(GoFormat.typeName(v))")
        }
    }

    /// evalArgs: fmt.Sprint of the arguments after printableValue, which turns a nil argument
    /// (no value, or a nil interface) into the string `<no value>`.
    private static func evalArgs(_ args: [RV]) -> String {
        if args.count == 1, case .string(let s)? = args[0].value { return s }
        return GoFormat.sprint(args.map { rv in
            guard let v = rv.value, !v.isNull else { return .string("<no value>") }
            return v
        })
    }

    static func htmlEscape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func jsEscape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if c.value < 0x20 {
                    let h = String(c.value, radix: 16, uppercase: true)
                    out += "\\u00" + (h.count == 1 ? "0" + h : h)
                } else if c.value >= 0x80 && !GoQuote.isPrint(c) {
                    let h = String(c.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - h.count)) + h
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// url.QueryEscape.
    static func queryEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "): out += "+"
            default:
                let h = String(b, radix: 16, uppercase: true)
                out += "%" + (h.count == 1 ? "0" + h : h)
            }
        }
        return out
    }

    static func builtin(_ name: String, _ args: [RV]) throws -> RV? {
        switch name {
        case "not": return RV(.bool(!args[0].truth))
        case "len": return RV(.int(Int64(try length(args[0]))))
        case "index": return try index(args[0], Array(args.dropFirst()))
        case "print": return RV(.string(GoFormat.sprint(args.map { $0.value ?? .null })))
        case "println": return RV(.string(GoFormat.sprintln(args.map { $0.value ?? .null })))
        case "printf":
            guard case .string(let f)? = args[0].value else { return RV(.string("")) }
            let operands = args.dropFirst()
            return RV(.string(Printf.format(f, operands.map { $0.value ?? .null }, typeNames: operands.map(\.typeName))))
        case "html": return RV(.string(htmlEscape(evalArgs(args))))
        case "js": return RV(.string(jsEscape(evalArgs(args))))
        case "urlquery": return RV(.string(queryEscape(evalArgs(args))))
        case "eq": return RV(.bool(try eq(args[0], Array(args.dropFirst()))))
        case "ne": return RV(.bool(!(try eq(args[0], [args[1]]))))
        case "lt": return RV(.bool(try lt(args[0], args[1])))
        case "le":
            let less = try lt(args[0], args[1])
            return RV(.bool(less ? true : try eq(args[0], [args[1]])))
        case "gt":
            let less = try lt(args[0], args[1])
            return RV(.bool(less ? false : !(try eq(args[0], [args[1]]))))
        case "ge": return RV(.bool(!(try lt(args[0], args[1]))))
        default: return nil
        }
    }
}
