// The Go types template values have where `Value` alone does not tell them.

import YAML

/// A Go type, as `%T`, `typeOf`, `kindOf`, `deepEqual` and argument checks see it.
///
/// JSON-decoded data needs no tag: `.int` is Go's `int` (template literals, `len`, `atoi`),
/// `.double` float64, `.array` []interface {}, `.object` map[string]interface {}. Functions
/// that return another type tag their result (`add` int64, `index` of a string uint8,
/// `splitList` []string, `split` map[string]string, `until` []int, `chunk` [][]interface {},
/// `toDate` time.Time). The tag travels with the value through variables, pipelines and
/// arguments; an element stored in a list or map (`list (until 3)`) is a plain `Value` again.
indirect enum GoType: Equatable, Sendable {
    case bool, int, int64, uint8, uint64, float64, string
    /// interface {}
    case any
    case slice(GoType)
    /// map[string]T
    case map(GoType)
    /// time.Time
    case time

    /// The dynamic type of an untagged value (nil for a nil interface).
    static func of(_ v: Value) -> GoType? {
        switch v {
        case .null: return nil
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint64
        case .double: return .float64
        case .string: return .string
        case .array: return .slice(.any)
        case .object: return .map(.any)
        }
    }

    /// reflect.Type.String(): `[]string`, `map[string]interface {}`, `time.Time`.
    var name: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .uint64: return "uint64"
        case .float64: return "float64"
        case .string: return "string"
        case .any: return "interface {}"
        case .slice(let e): return "[]" + e.name
        case .map(let e): return "map[string]" + e.name
        case .time: return "time.Time"
        }
    }

    /// reflect.Kind.String().
    var kind: String {
        switch self {
        case .bool, .int, .int64, .uint8, .uint64, .float64, .string: return name
        case .any: return "interface"
        case .slice: return "slice"
        case .map: return "map"
        case .time: return "struct"
        }
    }

    /// What an element taken out of a collection of this type is: its static type, and whether
    /// it sits in an interface{} slot (only `[]interface {}` and `map[string]interface {}`).
    var element: (type: GoType?, boxed: Bool) {
        switch self {
        case .slice(.any), .map(.any): return (nil, true)
        case .slice(let e), .map(let e): return (e, false)
        default: return (nil, true)
        }
    }
}

extension RV {
    /// The Go type of the value (nil: a nil interface or no value).
    var goType: GoType? {
        if let type { return type }
        if fromData, case .int? = value { return .int64 }
        return value.flatMap(GoType.of)
    }

    /// The type name Go prints for this value (`<nil>` for a nil interface).
    var typeName: String { goType?.name ?? "<nil>" }

    /// reflect.Kind of the value: `invalid` for nil.
    var kindName: String { goType?.kind ?? "invalid" }
}
