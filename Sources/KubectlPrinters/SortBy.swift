import GoCompat
import JSONPath
import YAML

/// kubectl's `--sort-by=PATH` (pkg/cmd/get/sorter.go).
///
/// The path is relaxed (`.metadata.name` is `{.metadata.name}`) and evaluated on every object;
/// only the first value counts. Objects without one sort first; int64s, float64s and strings
/// compare among themselves (two strings that both parse as quantities, like "9" and "10" or
/// "1Gi" and "500Mi", by amount); timestamps are strings here, so they sort as text (RFC 3339
/// in UTC sorts right). Anything else — a map, a list, a bool, an int next to a float — makes
/// kubectl exit through klog (`Field {.x} in *unstructured.Unstructured is an unsortable type:
/// ...`). The order comes from Go's unstable sort.Sort, reproduced step by step.
public enum SortBy {
    /// The generic printers' sort (`-o name|json|yaml|jsonpath|custom-columns|go-template`):
    /// kubectl's SortingPrinter over the items of the List it prints. Zero items are left alone;
    /// one item is still checked (`couldn't find any field with path "{.x}" in the list of objects`).
    /// Returns the items' original positions in sorted order.
    public static func order(_ items: [Value], by sortField: String) throws(PrinterError) -> [Int] {
        if items.isEmpty { return [] }
        let field: String
        do { field = try JSONPath.relaxed(sortField) } catch { throw PrinterError(error.message) }
        let path: JSONPath
        do { path = try JSONPath(field) } catch { throw PrinterError(error.message) }

        // Each object's values, as Less would find them (Less reruns FindResults; it is pure).
        var found: [Swift.Result<[[JSONPath.Result]], JSONPathError>] = []
        found.reserveCapacity(items.count)
        for item in items {
            do { found.append(.success(try path.findResults(in: item, allowMissingKeys: true))) }
            catch { found.append(.failure(error)) }
        }
        // kubectl first looks for one object that has the field, failing on the first error.
        var fieldFoundOnce = false
        for result in found {
            switch result {
            case .failure(let error): throw PrinterError(error.message)
            case .success(let groups):
                if let first = groups.first, !first.isEmpty { fieldFoundOnce = true }
            }
            if fieldFoundOnce { break }
        }
        if !fieldFoundOnce {
            throw PrinterError("couldn't find any field with path \(goQuote(field)) in the list of objects")
        }
        var sorter = Sorter(field: field, objectType: "*unstructured.Unstructured", items: items, found: found)
        try GoSort.sort(&sorter)
        return sorter.positions
    }

    /// `order` applied to the items.
    public static func sort(_ items: [Value], by sortField: String) throws(PrinterError) -> [Value] {
        try order(items, by: sortField).map { items[$0] }
    }

    /// The sort of a server-side Table (`kubectl get` without `-o`, or `-o wide`): kubectl's
    /// TableSorter over the rows' objects, only when there are two rows or more. A path the
    /// relaxed form refuses is used as written; parse errors read `sorting error: ...`.
    /// (kubectl get then ignores a failing table printer and prints nothing for that table.)
    public static func tableOrder(_ rowObjects: [Value], by sortField: String) throws(PrinterError) -> [Int] {
        guard rowObjects.count > 1 else { return Array(rowObjects.indices) }
        let field = (try? JSONPath.relaxed(sortField)) ?? sortField
        let path: JSONPath
        do { path = try JSONPath(field) } catch { throw PrinterError("sorting error: \(error.message)") }
        var found: [Swift.Result<[[JSONPath.Result]], JSONPathError>] = []
        var fieldFoundOnce = false
        for row in rowObjects {
            do {
                let groups = try path.findResults(in: row, allowMissingKeys: true)
                if let first = groups.first, !first.isEmpty { fieldFoundOnce = true }
                found.append(.success(groups))
            } catch {
                throw PrinterError("Failed to get values for [][]reflect.Value(nil) using \(field) (&errors.errorString{s:\(goQuote(error.message))})")
            }
        }
        if !fieldFoundOnce {
            throw PrinterError("couldn't find any field with path \(goQuote(field)) in the list of objects")
        }
        var sorter = Sorter(field: field, objectType: "[][][]reflect.Value", items: rowObjects, found: found,
                            location: "sorter.go:375")
        try GoSort.sort(&sorter)
        return sorter.positions
    }

    /// Go's %q.
    static func goQuote(_ s: String) -> String { GoQuote.quote(s) }
}

/// sort.Interface over the items: Less compares the first value of each, as RuntimeSort.Less.
private struct Sorter: GoSortable {
    let field: String
    let objectType: String
    let items: [Value]
    let found: [Swift.Result<[[JSONPath.Result]], JSONPathError>]
    var location = "sorter.go:329"
    /// positions[k] is the original index of the item now at k.
    var positions: [Int]

    init(field: String, objectType: String, items: [Value], found: [Swift.Result<[[JSONPath.Result]], JSONPathError>],
         location: String = "sorter.go:329") {
        self.field = field
        self.objectType = objectType
        self.items = items
        self.found = found
        self.location = location
        positions = Array(items.indices)
    }

    var count: Int { positions.count }

    mutating func swap(_ i: Int, _ j: Int) { positions.swapAt(i, j) }

    func less(_ i: Int, _ j: Int) throws(PrinterError) -> Bool {
        let iv = try values(positions[i], side: "i")
        let jv = try values(positions[j], side: "j")
        guard let a = iv.first?.first else { return true }
        guard let b = jv.first?.first else { return false }
        do {
            return try SortComparison.isLess(a, b)
        } catch {
            throw PrinterError("Field \(field) in \(objectType) is an unsortable type: \(GoFormat.kindName(a)), err: \(error.message)",
                               kind: .klog(location: location, exitCode: 1))
        }
    }

    private func values(_ k: Int, side: String) throws(PrinterError) -> [[JSONPath.Result]] {
        switch found[k] {
        case .success(let groups): return groups
        case .failure(let error):
            // klog.Fatalf: kubectl also dumps every goroutine's stack and exits 255.
            let object = "&unstructured.Unstructured{Object:\(GoFormat.sharpV(items[k]))}"
            let reason = side == "i" ? "&errors.errorString{s:\(SortBy.goQuote(error.message))}" : error.message
            throw PrinterError("Failed to get \(side) values for \(object) using \(field) (\(reason))",
                               kind: .klog(location: side == "i" ? "sorter.go:310" : "sorter.go:315", exitCode: 255))
        }
    }
}

/// sorter.go's isLess on two values as reflect sees them.
enum SortComparison {
    struct Unsortable: Error { var message: String }

    static func isLess(_ i: JSONPath.Result, _ j: JSONPath.Result) throws(Unsortable) -> Bool {
        if i.boxed { return try interfaceLess(i, j) }
        switch i.payload {
        case .int(let x):
            guard let y = intValue(j) else { throw panic("Int", j) }
            return Int64(x) < y
        case .byte(let x):
            guard case .byte(let y) = j.payload, !j.boxed else { throw panic("Uint", j) }
            return x < y
        case .invalid:
            throw Unsortable(message: "unsortable type: invalid")
        case .value(let v):
            switch v {
            case .int(let x):
                guard let y = intValue(j) else { throw panic("Int", j) }
                return x < y
            case .double, .uint:
                guard !j.boxed, case .value(let w) = j.payload, let y = floatValue(w) else { throw panic("Float", j) }
                return floatValue(v)! < y
            case .string(let x):
                // reflect's String() of anything else is "<T Value>".
                let y: String
                if !j.boxed, case .value(.string(let s)) = j.payload { y = s } else {
                    y = "<" + (j.boxed ? "interface {}" : GoFormat.typeName(j)) + " Value>"
                }
                return x.utf8.lexicographicallyPrecedes(y.utf8)
            case .array(let xs):
                guard !j.boxed, case .value(.array(let ys)) = j.payload else { throw panic("Len", j) }
                for k in 0..<min(xs.count, ys.count) {
                    let less = try isLess(.init(.value(xs[k]), boxed: true), .init(.value(ys[k]), boxed: true))
                    if !less { return false }
                }
                return true
            case .object: throw Unsortable(message: "unsortable type: map")
            case .bool: throw Unsortable(message: "unsortable type: bool")
            case .null: throw Unsortable(message: "unsortable type: invalid")
            }
        }
    }

    /// i in an interface{} slot: nil sorts first, then i's concrete type decides, and j must
    /// hold the same type.
    private static func interfaceLess(_ i: JSONPath.Result, _ j: JSONPath.Result) throws(Unsortable) -> Bool {
        guard case .value(let x) = i.payload else { throw Unsortable(message: "unsortable interface: interface") }
        let jx: Value? = { if case .value(let v) = j.payload { return v }; return nil }()
        let iNil = x.isNull, jNil = j.boxed && (jx?.isNull ?? false)
        if iNil && jNil { return false }
        if iNil { return true }
        if jNil { return false }
        let mismatch = Unsortable(message: "unsortable interface: interface")
        switch x {
        case .int(let a):
            guard case .int(let b)? = jx else { throw mismatch }
            return a < b
        case .double, .uint:
            guard let w = jx, let b = floatValue(w) else { throw mismatch }
            return floatValue(x)! < b
        case .string(let a):
            guard case .string(let b)? = jx else { throw mismatch }
            if let qa = Quantity.parse(a), let qb = Quantity.parse(b) {
                return Quantity.compare(qa, qb) < 0
            }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        default:
            throw Unsortable(message: "unsortable type: \(GoFormat.typeName(x))")
        }
    }

    private static func intValue(_ r: JSONPath.Result) -> Int64? {
        guard !r.boxed else { return nil }
        switch r.payload {
        case .int(let x): return Int64(x)
        case .value(.int(let x)): return x
        default: return nil
        }
    }

    private static func floatValue(_ v: Value) -> Double? {
        switch v {
        case .double(let d): return d
        case .uint(let u): return Double(u)
        default: return nil
        }
    }

    /// What reflect panics with when kubectl compares values of different kinds unboxed.
    private static func panic(_ method: String, _ j: JSONPath.Result) -> Unsortable {
        Unsortable(message: "reflect: call of reflect.Value.\(method) on \(GoFormat.kindName(j)) Value")
    }
}
