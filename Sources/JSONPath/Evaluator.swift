import YAML

// Execution with client-go's semantics (jsonpath.go), including the parts that are easy to get
// wrong: `{range}`/`{end}` as a small state machine over the top-level nodes, a step returning
// its partial results with an error (an existence filter keeps an element when that is
// non-empty), `[a:a]` ending the whole step, and nulls skipped by fields and indexes but not by
// filters.

extension JSONPath {
    /// The range bookkeeping client-go keeps in its JSONPath object. kubectl reuses one printer
    /// for every object of `get -w`, so it survives between executions there.
    public struct State: Sendable, Equatable {
        /// client-go replaces the parser's top-level nodes with the suffix after a `{range}`
        /// when it runs the range body, and does not put them back.
        var rootStart = 0
        var beginRange = 0
        var inRange = 0
        var endRange = 0
        /// Index of the last `{end}` node reached, in the top-level node list.
        var lastEnd: Int? = nil
        public init() {}
    }
}

/// A step's output: the values, and the error that stopped it (with what it had so far).
struct Walked {
    var items: [JSONPath.Result]
    var error: JSONPathError?
    init(_ items: [JSONPath.Result], _ error: JSONPathError? = nil) {
        self.items = items
        self.error = error
    }
}

struct Evaluator {
    let nodes: [Node]
    let allowMissingKeys: Bool
    var state: JSONPath.State

    // MARK: - FindResults

    /// One list of results per top-level node evaluated (and per range iteration).
    mutating func findResults(_ data: JSONPath.Result) throws(JSONPathError) -> [[JSONPath.Result]] {
        try findResults(data, from: state.rootStart)
    }

    private mutating func findResults(_ data: JSONPath.Result, from first: Int) throws(JSONPathError) -> [[JSONPath.Result]] {
        let cur = [data]
        var full: [[JSONPath.Result]] = []
        var i = first
        while i < nodes.count {
            let walked = walk(cur, nodes[i])
            if let error = walked.error { throw error }
            let results = walked.items

            // An `{end}` closes the innermost range: stop this body.
            if state.endRange > 0 && state.endRange <= state.inRange {
                state.endRange -= 1
                state.lastEnd = i
                break
            }
            // A `{range ...}`: run the nodes after it once per result.
            if state.beginRange > 0 {
                state.beginRange -= 1
                state.inRange += 1
                if !results.isEmpty {
                    for value in results {
                        state.rootStart = i + 1
                        full += try findResults(value.unboxed, from: i + 1)
                    }
                } else {
                    // Still walk the body once, on no value, to find where it ends.
                    state.rootStart = i + 1
                    _ = try findResults(JSONPath.Result(.invalid, boxed: false), from: i + 1)
                }
                state.inRange -= 1
                if let end = state.lastEnd, end > i, end < nodes.count { i = end }
                i += 1
                continue
            }
            full.append(results)
            i += 1
        }
        return full
    }

    // MARK: - Steps

    private mutating func walk(_ input: [JSONPath.Result], _ node: Node) -> Walked {
        switch node {
        case .list(let steps): return evalList(input, steps)
        case .text(let text): return Walked([.literal(.string(text))])
        case .field(let name): return evalField(input, name)
        case .array(let a, let b, let c): return evalArray(input, a, b, c)
        case .filter(let left, let right, let op): return evalFilter(input, left, right, op)
        case .int(let i): return Walked(input.map { _ in JSONPath.Result(.int(i), boxed: false) })
        case .float(let d): return Walked(input.map { _ in .literal(.double(d)) })
        case .bool(let b): return Walked(input.map { _ in .literal(.bool(b)) })
        case .wildcard: return Walked(children(of: input))
        case .recursive: return Walked(evalRecursive(input))
        case .union(let members): return evalUnion(input, members)
        case .identifier(let name): return evalIdentifier(input, name)
        }
    }

    private mutating func evalList(_ input: [JSONPath.Result], _ steps: [Node]) -> Walked {
        var cur = input
        for step in steps {
            let walked = walk(cur, step)
            if walked.error != nil { return walked }
            cur = walked.items
        }
        return Walked(cur)
    }

    private mutating func evalIdentifier(_ input: [JSONPath.Result], _ name: String) -> Walked {
        switch name {
        case "range":
            state.beginRange += 1
            return Walked(input)
        case "end":
            if state.inRange > 0 {
                state.endRange += 1
                return Walked([])
            }
            return Walked([], JSONPathError("not in range, nothing to end"))
        default:
            return Walked(input, JSONPathError("unrecognized identifier \(name)"))
        }
    }

    private func evalField(_ input: [JSONPath.Result], _ name: String) -> Walked {
        if input.isEmpty { return Walked([]) }
        var results: [JSONPath.Result] = []
        for item in input {
            if case .value(.object(let o)) = item.payload, let child = o[name] {
                results.append(.data(child))
            }
        }
        if results.isEmpty && !allowMissingKeys {
            return Walked([], JSONPathError("\(name) is not found"))
        }
        return Walked(results)
    }

    private func evalArray(_ input: [JSONPath.Result], _ p0: SliceBound, _ p1: SliceBound, _ p2: SliceBound) -> Walked {
        var result: [JSONPath.Result] = []
        for item in input {
            if item.isNilInterface { continue }
            guard case .value(.array(let list)) = item.payload else {
                if case .invalid = item.payload {
                    return Walked(input, JSONPathError("reflect: call of reflect.Value.Type on zero Value"))
                }
                return Walked(input, JSONPathError("\(GoFormat.typeName(item)) is not array or slice"))
            }
            let length = list.count
            var start = p0.known ? p0.value : 0
            if start < 0 { start = start &+ length }
            var end = p1.known ? p1.value : length
            if end < 0 || (end == 0 && p1.derived) { end = end &+ length }
            guard end != start else { return Walked(result) } // zero elements requested: allowed
            if start >= length || start < 0 {
                return Walked(input, JSONPathError("array index out of bounds: index \(start), length \(length)"))
            }
            if end > length || end < 0 {
                return Walked(input, JSONPathError("array index out of bounds: index \(end &- 1), length \(length)"))
            }
            if start > end {
                return Walked(input, JSONPathError("starting index \(start) is greater than ending index \(end)"))
            }
            var step = 1
            if p2.known {
                guard p2.value > 0 else { return Walked(input, JSONPathError("step must be > 0")) }
                step = p2.value
            }
            var k = start
            while k < end {
                result.append(.data(list[k]))
                k += step
            }
        }
        return Walked(result)
    }

    private mutating func evalUnion(_ input: [JSONPath.Result], _ members: [[Node]]) -> Walked {
        var result: [JSONPath.Result] = []
        for member in members {
            let walked = evalList(input, member)
            if let error = walked.error { return Walked(input, error) }
            result += walked.items
        }
        return Walked(result)
    }

    /// The children `.*` yields: map values, list elements and a string's bytes.
    private func children(of input: [JSONPath.Result]) -> [JSONPath.Result] {
        var results: [JSONPath.Result] = []
        for item in input { appendChildren(of: item, to: &results) }
        return results
    }

    private func appendChildren(of item: JSONPath.Result, to results: inout [JSONPath.Result]) {
        guard case .value(let v) = item.payload else { return }
        switch v {
        case .object(let o): for (_, child) in o { results.append(.data(child)) }
        case .array(let a): for child in a { results.append(.data(child)) }
        case .string(let s): for b in s.utf8 { results.append(JSONPath.Result(.byte(b), boxed: false)) }
        default: break
        }
    }

    /// `..`: every value that has children, itself first, depth first. Go appends the value
    /// after unwrapping it from its interface{} slot.
    private func evalRecursive(_ input: [JSONPath.Result]) -> [JSONPath.Result] {
        var result: [JSONPath.Result] = []
        for item in input {
            if item.isNilInterface { continue }
            var kids: [JSONPath.Result] = []
            appendChildren(of: item, to: &kids)
            if !kids.isEmpty {
                result.append(item.unboxed)
                result += evalRecursive(kids)
            }
        }
        return result
    }

    private mutating func evalFilter(_ input: [JSONPath.Result], _ left: [Node], _ right: [Node], _ op: String) -> Walked {
        var results: [JSONPath.Result] = []
        for item in input {
            guard case .value(.array(let list)) = item.payload else {
                let shown: String
                if item.isNilInterface { shown = "<nil>" } else { shown = GoFormat.v(item) }
                return Walked(input, JSONPathError("\(shown) is not array or slice and cannot be filtered"))
            }
            for element in list {
                let candidate = JSONPath.Result.data(element)
                let lefts = evalList([candidate], left)
                if op == "exists" {
                    if !lefts.items.isEmpty { results.append(candidate) }
                    continue
                }
                if let error = lefts.error { return Walked(input, error) }
                if lefts.items.isEmpty { continue }
                if lefts.items.count > 1 { return Walked(input, JSONPathError("can only compare one element at a time")) }
                let rights = evalList([candidate], right)
                if let error = rights.error { return Walked(input, error) }
                if rights.items.isEmpty { continue }
                if rights.items.count > 1 { return Walked(input, JSONPathError("can only compare one element at a time")) }
                do {
                    guard let pass = try Comparison.apply(op, lefts.items[0].unboxed, rights.items[0].unboxed) else {
                        return Walked(results, JSONPathError("unrecognized filter operator \(op)"))
                    }
                    if pass { results.append(candidate) }
                } catch {
                    return Walked(results, error)
                }
            }
        }
        return Walked(results)
    }
}
