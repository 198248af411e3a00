// slim-sprig's list and dict functions. Go maps are unordered, so `keys` and `values` return
// sorted-key order here (Go's is random: templates that depend on it are not reproducible).

import YAML

extension Functions {
    private static func list(_ v: Value, _ verb: String) throws -> [Value] {
        switch v {
        case .array(let a): return a
        case .null: throw FunctionError("runtime error: invalid memory address or nil pointer dereference")
        default: throw FunctionError("Cannot \(verb) on type \(Sprig.kindName(v))")
        }
    }

    static func collectionFunction(_ name: String, _ a: [Value]) throws -> Value? {
        switch name {
        case "list", "tuple": return .array(a)
        case "dict":
            var o = Value.Object()
            var i = 0
            while i < a.count {
                o[Sprig.strval(a[i])] = i + 1 < a.count ? a[i + 1] : .string("")
                i += 2
            }
            return .object(o)
        case "get": return a[0].object?[a[1].string ?? ""] ?? .string("")
        case "set":
            // Go mutates the map in place; here the updated map is returned (see report).
            var o = a[0].object ?? Value.Object()
            o[a[1].string ?? ""] = a[2]
            return .object(o)
        case "unset":
            var o = a[0].object ?? Value.Object()
            o[a[1].string ?? ""] = nil
            return .object(o)
        case "hasKey": return .bool(a[0].object?[a[1].string ?? ""] != nil)
        case "keys":
            var keys: [String] = []
            for d in a { keys += d.object?.keys ?? [] }
            return .array(keys.sorted().map(Value.string))
        case "values":
            let o = a[0].object ?? Value.Object()
            return .array(o.keys.sorted().map { o[$0] ?? .null })
        case "sortAlpha":
            if case .array = a[0] { return .array(Sprig.strslice(a[0]).sorted().map(Value.string)) }
            return .array([.string(Sprig.strval(a[0]))])
        case "first", "mustFirst":
            let l = try list(a[0], "find first"); return l.first ?? .null
        case "last", "mustLast":
            let l = try list(a[0], "find last"); return l.last ?? .null
        case "rest", "mustRest":
            let l = try list(a[0], "find rest"); return l.isEmpty ? .null : .array(Array(l.dropFirst()))
        case "initial", "mustInitial":
            let l = try list(a[0], "find initial"); return l.isEmpty ? .null : .array(Array(l.dropLast()))
        case "reverse", "mustReverse":
            return .array(try list(a[0], "find reverse").reversed())
        case "append", "push", "mustAppend", "mustPush":
            return .array(try list(a[0], "push") + [a[1]])
        case "prepend", "mustPrepend":
            return .array([a[1]] + (try list(a[0], "prepend")))
        case "uniq", "mustUniq":
            var seen: [Value] = []
            for x in try list(a[0], "find uniq") where !seen.contains(x) { seen.append(x) }
            return .array(seen)
        case "without", "mustWithout":
            let drop = Array(a.dropFirst())
            return .array(try list(a[0], "find without").filter { !drop.contains($0) })
        case "compact", "mustCompact":
            return .array(try list(a[0], "compact").filter { !Sprig.empty($0) })
        case "has", "mustHas":
            if case .null = a[1] { return .bool(false) }
            return .bool(try list(a[1], "find has").contains(a[0]))
        case "concat":
            var out: [Value] = []
            for l in a {
                guard case .array(let items) = l else {
                    if case .null = l { throw FunctionError("runtime error: invalid memory address or nil pointer dereference") }
                    throw FunctionError("Cannot concat type \(Sprig.kindName(l)) as list")
                }
                out += items
            }
            // Without any list, Go's result stays a nil slice.
            return a.isEmpty ? .null : .array(out)
        case "pluck":
            return .array(a.dropFirst().compactMap { $0.object?[a[0].string ?? ""] })
        case "pick":
            let d = a[0].object ?? Value.Object()
            var o = Value.Object()
            for k in a.dropFirst().compactMap(\.string) { if let v = d[k] { o[k] = v } }
            return .object(o)
        case "omit":
            let drop = Set(a.dropFirst().compactMap(\.string))
            return .object(Value.Object((a[0].object ?? Value.Object()).pairs.filter { !drop.contains($0.key) }
                .map { ($0.key, $0.value) }))
        case "chunk", "mustChunk":
            let size = Int(clamping: a[0].int ?? 0)
            guard case .array(let l) = a[1] else {
                if case .null = a[1] { throw FunctionError("runtime error: invalid memory address or nil pointer dereference") }
                throw FunctionError("Cannot chunk type \(Sprig.kindName(a[1]))")
            }
            // Go computes the chunk count in floats: a size below 1 makes a negative length.
            guard size > 0 else { throw FunctionError("runtime error: makeslice: len out of range") }
            return .array(stride(from: 0, to: l.count, by: size).map { .array(Array(l[$0..<min($0 + size, l.count)])) })
        case "slice", "mustSlice":
            guard case .array(let l) = a[0] else {
                throw FunctionError("list should be type of slice or array but \(Sprig.kindName(a[0]))")
            }
            if l.isEmpty { return .null }
            let start = a.count > 1 ? Int(clamping: Sprig.toInt64(a[1])) : 0
            let end = a.count > 2 ? Int(clamping: Sprig.toInt64(a[2])) : l.count
            guard start >= 0, start <= end, end <= l.count else {
                throw FunctionError("reflect: slice index out of range")
            }
            return .array(Array(l[start..<end]))
        default: return nil
        }
    }
}
