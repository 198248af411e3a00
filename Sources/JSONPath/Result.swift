import YAML

extension JSONPath {
    /// One value a template produced, with what client-go's `reflect.Value` would know about it:
    /// kubectl's printers, custom columns and `--sort-by` treat a value differently depending on
    /// whether it was reached through a map or list slot (an `interface{}`), is a byte of a
    /// string, an `int` literal from the template, or no value at all.
    public struct Result: Sendable, Equatable {
        public enum Payload: Sendable, Equatable {
            /// JSON data as apimachinery decodes it (`.uint` stands for Go's float64), or a
            /// string, float or bool literal from the template.
            case value(Value)
            /// An integer literal from the template (Go's `int`, where data integers are `int64`).
            case int(Int)
            /// One element of a string (`{.metadata.name.*}`): Go's uint8.
            case byte(UInt8)
            /// No value: what a `{range}` over a null element hands to its body.
            case invalid
        }

        public var payload: Payload
        /// Reached through a map key or list element, so Go holds it in an `interface{}`.
        public var boxed: Bool

        public init(_ payload: Payload, boxed: Bool) {
            self.payload = payload
            self.boxed = boxed
        }

        static func data(_ v: Value) -> Result { Result(.value(v), boxed: true) }
        static func literal(_ v: Value) -> Result { Result(.value(v), boxed: false) }

        /// The value as `reflect.ValueOf(v.Interface())` sees it: unboxed, and a nil interface
        /// becomes no value at all.
        var unboxed: Result {
            if case .value(.null) = payload { return Result(.invalid, boxed: false) }
            return Result(payload, boxed: false)
        }

        /// The JSON value this result marshals to (bytes and ints are numbers); nil for no value.
        public var jsonValue: Value? {
            switch payload {
            case .value(let v): return v
            case .int(let i): return .int(Int64(i))
            case .byte(let b): return .int(Int64(b))
            case .invalid: return nil
            }
        }

        /// Go's nil interface: a JSON null reached through a map or list.
        var isNilInterface: Bool {
            if boxed, case .value(.null) = payload { return true }
            return false
        }
    }
}
