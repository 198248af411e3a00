import GoCompat
import YAML

/// How Go's fmt prints the values kubectl's printers hold: JSON data decoded by apimachinery into
/// `map[string]interface{}`, `[]interface{}`, string, int64, float64, bool and nil.
/// `.uint` values stand for the float64 Go decodes them as.
public enum GoFormat {
    /// fmt's `%v` (fmt.Sprint): strings bare, maps `map[k:v ...]` with keys sorted, lists `[a b]`,
    /// nil `<nil>`, floats in strconv's shortest 'g' form (`1e+06`).
    public static func v(_ value: Value) -> String {
        var out = ""
        v(value, into: &out)
        return out
    }

    static func v(_ value: Value, into out: inout String) {
        switch value {
        case .null: out += "<nil>"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += GoFloat.formatG(Double(u))
        case .double(let d): out += GoFloat.formatG(d)
        case .string(let s): out += s
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += " " }
                v(item, into: &out)
            }
            out += "]"
        case .object(let o):
            out += "map["
            for (i, key) in sortedKeys(o).enumerated() {
                if i > 0 { out += " " }
                out += key
                out += ":"
                v(o[key] ?? .null, into: &out)
            }
            out += "]"
        }
    }

    /// `%v` of a template result: bytes and int literals are numbers; no value is
    /// `<invalid reflect.Value>` (what fmt prints for a zero reflect.Value).
    public static func v(_ result: JSONPath.Result) -> String {
        switch result.payload {
        case .value(let value): return v(value)
        case .int(let i): return String(i)
        case .byte(let b): return String(b)
        case .invalid: return "<invalid reflect.Value>"
        }
    }

    /// fmt's `%#v` of a `map[string]interface{}` tree, as kubectl prints the object given to
    /// the JSONPath engine: `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`; a nil
    /// inside a map or list is `interface {}(nil)`.
    public static func sharpV(_ value: Value) -> String {
        var out = ""
        sharpV(value, into: &out)
        return out
    }

    static func sharpV(_ value: Value, into out: inout String) {
        switch value {
        case .null: out += "interface {}(nil)"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += GoFloat.formatG(Double(u))
        case .double(let d): out += GoFloat.formatG(d)
        case .string(let s): out += GoQuote.quote(s)
        case .array(let items):
            out += "[]interface {}{"
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                sharpV(item, into: &out)
            }
            out += "}"
        case .object(let o):
            out += "map[string]interface {}{"
            for (i, key) in sortedKeys(o).enumerated() {
                if i > 0 { out += ", " }
                out += GoQuote.quote(key)
                out += ":"
                sharpV(o[key] ?? .null, into: &out)
            }
            out += "}"
        }
    }

    /// reflect.Type.String() of the concrete value behind a result.
    public static func typeName(_ result: JSONPath.Result) -> String {
        switch result.payload {
        case .int: return "int"
        case .byte: return "uint8"
        case .invalid: return "<nil>"
        case .value(let value): return typeName(value)
        }
    }

    /// The Go type apimachinery decodes a JSON value to.
    public static func typeName(_ value: Value) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int64"
        case .uint, .double: return "float64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .object: return "map[string]interface {}"
        }
    }

    /// reflect.Kind.String() of a result as a reflect.Value holds it.
    public static func kindName(_ result: JSONPath.Result) -> String {
        if result.boxed { return "interface" }
        switch result.payload {
        case .int: return "int"
        case .byte: return "uint8"
        case .invalid: return "invalid"
        case .value(let value):
            switch value {
            case .null: return "invalid"
            case .bool: return "bool"
            case .int: return "int64"
            case .uint, .double: return "float64"
            case .string: return "string"
            case .array: return "slice"
            case .object: return "map"
            }
        }
    }

    /// Go sorts map keys as byte strings (Swift's `<` on String is not bytewise).
    static func sortedKeys(_ o: Value.Object) -> [String] {
        o.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
