import YAML

/// What `kubectl get` hands its generic printers (jsonpath, custom columns, go-template, name,
/// json, yaml): the object itself when one object was named (`get rsip NAME`), otherwise a List
/// it builds around the items (any number of them, none included):
///
///     {"apiVersion": "v1", "items": [...], "kind": "List", "metadata": {"resourceVersion": ""}}
///
/// The items travel through a JSON round trip on the way (corev1.List, json.Marshal, then
/// apimachinery's unstructured decoding), so a float64 with an integral value below 2^63
/// comes back as an int64 (`2.0` is `2` inside the List, but stays a float for `get NAME`).
public enum KubectlList {
    public static func printedObject(items: [Value], singleItemImplied: Bool) -> Value {
        if singleItemImplied && items.count == 1 { return items[0] }
        return list(items)
    }

    /// The List wrapper of `get` when it prints several (or no) objects.
    public static func list(_ items: [Value]) -> Value {
        .object(Value.Object([
            ("apiVersion", "v1"),
            ("items", .array(items.map(roundTripped))),
            ("kind", "List"),
            ("metadata", .object(Value.Object([("resourceVersion", "")]))),
        ]))
    }

    /// meta.IsListType for unstructured data: an object whose `items` is a list.
    public static func isList(_ value: Value) -> Bool {
        if case .array? = value["items"] { return true }
        return false
    }

    /// The items of a list object (meta.ExtractList); [] for anything else.
    public static func items(of value: Value) -> [Value] {
        value["items"]?.array ?? []
    }

    /// The numbers as json.Marshal then apimachinery's decoding leave them.
    static func roundTripped(_ v: Value) -> Value {
        guard needsRoundTrip(v) else { return v }
        switch v {
        case .uint(let u): return .double(Double(u))
        case .double(let d):
            if d == d.rounded(.towardZero), let i = Int64(exactly: d) { return .int(i) }
            return v
        case .array(let a): return .array(a.map(roundTripped))
        case .object(let o): return .object(Value.Object(o.pairs.map { ($0.key, roundTripped($0.value)) }))
        default: return v
        }
    }

    private static func needsRoundTrip(_ v: Value) -> Bool {
        switch v {
        case .uint: return true
        case .double(let d): return d == d.rounded(.towardZero) && Int64(exactly: d) != nil
        case .array(let a): return a.contains(where: needsRoundTrip)
        case .object(let o): return o.contains { needsRoundTrip($0.value) }
        default: return false
        }
    }
}
