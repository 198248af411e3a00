import YAML

/// The exported inputs for the selected tags (spec 2.7): `{digest, id, tag}` plus every
/// `defaultValues` key the provider did not set, keys sorted as the controller's JSON has them.
public enum InputExport {
    public static func inputs(selected: [String], digests: [String: String], defaultValues: Value?) -> [Value] {
        let defaults = defaultValues?.object ?? Value.Object()
        return selected.map { tag in
            var pairs: [(String, Value)] = [
                ("digest", .string(digests[tag] ?? "")),
                ("id", .string(InputID.of(tag: tag))),
                ("tag", .string(tag)),
            ]
            let provided = Set(pairs.map(\.0))
            for (key, value) in defaults where !provided.contains(key) { pairs.append((key, normalized(value))) }
            return .object(sortedByBytes(pairs))
        }
    }

    /// What a JSON round trip through `map[string]any` leaves: integral numbers as int64, other
    /// numbers as float64, object keys sorted, recursively.
    static func normalized(_ value: Value) -> Value {
        switch value {
        case .double(let d):
            if d.rounded(.towardZero) == d, let i = Int64(exactly: d) { return .int(i) }
            return .double(d)
        case .uint(let u):
            return .double(Double(u)) // beyond int64: Go decodes it as float64
        case .array(let items):
            return .array(items.map(normalized))
        case .object(let object):
            return .object(sortedByBytes(object.pairs.map { ($0.key, normalized($0.value)) }))
        default:
            return value
        }
    }

    private static func sortedByBytes(_ pairs: [(String, Value)]) -> Value.Object {
        Value.Object(pairs.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
    }
}
