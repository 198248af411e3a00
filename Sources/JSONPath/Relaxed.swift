extension JSONPath {
    /// kubectl's RelaxedJSONPathExpression, used by custom columns and `--sort-by`: accepts
    /// `metadata.name`, `.metadata.name`, `{metadata.name}` and `{.metadata.name}` and returns
    /// `{.metadata.name}`; "" stays "". Anything holding a brace elsewhere is refused with
    /// kubectl's message.
    public static func relaxed(_ expression: String) throws(JSONPathError) -> String {
        if expression.isEmpty { return expression }
        let b = Array(expression.utf8)
        // `^\{\.?([^{}]+)\}$|^\.?([^{}]+)$`: the optional dot is given back when the rest
        // would be empty (so `.` becomes `{..}`).
        func field(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
            guard !s.isEmpty, !s.contains(UInt8(ascii: "{")), !s.contains(UInt8(ascii: "}")) else { return nil }
            if s.first == UInt8(ascii: "."), s.count > 1 { return s.dropFirst() }
            return s
        }
        if b.count >= 2, b.first == UInt8(ascii: "{"), b.last == UInt8(ascii: "}"),
           let f = field(b[1..<(b.count - 1)]) {
            return "{." + String(decoding: f, as: UTF8.self) + "}"
        }
        if let f = field(b[...]) {
            return "{." + String(decoding: f, as: UTF8.self) + "}"
        }
        throw JSONPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
    }
}
