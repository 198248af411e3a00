/// The one value model of kubectl-rsip: API objects, kubeconfig files, `-f` files and printed
/// output all live in this ordered tree, so unknown fields survive a read and a write.
public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// Integers above Int64.max (Go decodes them as uint64 or float64; we keep them exact).
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([Value])
    case object(Object)

    /// An ordered mapping with string keys: insertion order is kept; lookups are by key.
    public struct Object: Sendable, Equatable, Sequence {
        public private(set) var keys: [String] = []
        private var storage: [String: Value] = [:]

        public init() {}
        public init(_ pairs: [(String, Value)]) {
            for (k, v) in pairs { self[k] = v }
        }

        public var count: Int { keys.count }
        public var isEmpty: Bool { keys.isEmpty }

        /// Setting `nil` removes the key; setting an existing key keeps its position.
        public subscript(key: String) -> Value? {
            get { storage[key] }
            set {
                if let newValue {
                    if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
                } else if storage.removeValue(forKey: key) != nil {
                    keys.removeAll { $0 == key }
                }
            }
        }

        public var pairs: [(key: String, value: Value)] {
            keys.compactMap { k in storage[k].map { (key: k, value: $0) } }
        }

        public func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> {
            pairs.makeIterator()
        }

        /// Mappings compare as mappings: the same keys with equal values, in any order (the
        /// Flux docs write exported inputs `id, digest, tag`, the controller `digest, id, tag`).
        /// Printed output keeps its order; only comparison ignores it.
        public static func == (a: Object, b: Object) -> Bool {
            a.storage == b.storage
        }
    }
}

// MARK: - Accessors (typed views are thin layers over these)

extension Value {
    public subscript(key: String) -> Value? {
        get {
            if case .object(let o) = self { return o[key] }
            return nil
        }
        set {
            guard case .object(var o) = self else { return }
            o[key] = newValue
            self = .object(o)
        }
    }

    public subscript(index: Int) -> Value? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// Follows a path of keys, e.g. `obj[path: "metadata", "name"]`.
    public subscript(path keys: String...) -> Value? {
        var current: Value? = self
        for k in keys { current = current?[k] }
        return current
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var int: Int64? {
        switch self {
        case .int(let i): return i
        case .uint(let u): return Int64(exactly: u)
        case .double(let d): return Int64(exactly: d)
        default: return nil
        }
    }
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d
        default: return nil
        }
    }
    public var array: [Value]? { if case .array(let a) = self { return a }; return nil }
    public var object: Object? { if case .object(let o) = self { return o }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// A short name for error messages ("a string", "a mapping", ...).
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .uint: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }

    public static func object(_ pairs: [(String, Value)]) -> Value { .object(Object(pairs)) }

    /// The value as Go's `encoding/json` decodes it into an `interface{}`: every number, at any
    /// depth, becomes a float64 (what templates see of exported inputs and `fromJson` results).
    public var withFloat64Numbers: Value {
        switch self {
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .array(let a): return .array(a.map(\.withFloat64Numbers))
        case .object(let o): return .object(Object(o.pairs.map { ($0.key, $0.value.withFloat64Numbers) }))
        case .null, .bool, .double, .string: return self
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) { self = .object(Object(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
