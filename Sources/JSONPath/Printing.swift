import YAML

extension JSONPath {
    /// client-go's PrintResults for one group: maps and lists as compact JSON (json.Marshal:
    /// sorted keys, `<>&` escaped), everything else as fmt prints it (strings bare, nil `null`,
    /// no value `<no value>`), separated by single spaces. With `outputJSON`, the whole group as
    /// one JSON array indented by four spaces, then a newline.
    public static func print(_ results: [Result], outputJSON: Bool, into out: inout [UInt8]) throws(JSONPathError) {
        if outputJSON {
            var values: [Value] = []
            values.reserveCapacity(results.count)
            for r in results {
                guard let v = r.jsonValue else {
                    throw JSONPathError("reflect: call of reflect.Value.Interface on zero Value")
                }
                values.append(v)
            }
            out.append(contentsOf: JSON.encode(goNumbers(.array(values)), indent: "    ", escapeHTML: true).utf8)
            out.append(UInt8(ascii: "\n"))
            return
        }
        for (i, r) in results.enumerated() {
            appendText(r, to: &out)
            if i != results.count - 1 { out.append(UInt8(ascii: " ")) }
        }
    }

    /// One result as Execute prints it.
    static func appendText(_ r: Result, to out: inout [UInt8]) {
        switch r.payload {
        case .invalid: out.append(contentsOf: "<no value>".utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .byte(let b): out.append(contentsOf: String(b).utf8)
        case .value(let v):
            switch v {
            case .null: out.append(contentsOf: "null".utf8)
            case .string(let s): out.append(contentsOf: s.utf8)
            case .array, .object: out.append(contentsOf: JSON.encode(goNumbers(v), indent: nil, escapeHTML: true).utf8)
            default: out.append(contentsOf: GoFormat.v(v).utf8)
            }
        }
    }

    /// Go holds numbers above int64 as float64: print them that way.
    static func goNumbers(_ v: Value) -> Value {
        guard containsUInt(v) else { return v }
        switch v {
        case .uint(let u): return .double(Double(u))
        case .array(let a): return .array(a.map(goNumbers))
        case .object(let o): return .object(Value.Object(o.pairs.map { ($0.key, goNumbers($0.value)) }))
        default: return v
        }
    }

    private static func containsUInt(_ v: Value) -> Bool {
        switch v {
        case .uint: return true
        case .array(let a): return a.contains(where: containsUInt)
        case .object(let o): return o.contains { containsUInt($0.value) }
        default: return false
        }
    }
}
