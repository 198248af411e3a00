// Functions that see or keep Go types `Value` cannot carry (see GoType): reflection (typeOf,
// kindOf, deepEqual), the JSON and YAML encoders (typed nil slices, time.Time), the date
// functions, and those that hand back one of their arguments as it is (default, coalesce,
// ternary, slice, dig).

import GoCompat
import YAML

extension Functions {
    static func typedFunction(_ name: String, _ args: [RV], now: GoTime) throws -> RV? {
        func string(_ i: Int) -> String { args[i].value?.string ?? "" }
        switch name {
        case "typeOf": return RV(.string(args[0].typeName))
        case "typeIs": return RV(.bool(string(0) == args[1].typeName))
        case "typeIsLike": return RV(.bool(string(0) == args[1].typeName || "*" + string(0) == args[1].typeName))
        case "kindOf": return RV(.string(args[0].kindName))
        case "kindIs": return RV(.bool(string(0) == args[1].kindName))
        case "deepEqual": return RV(.bool(deepEqual(args[0], args[1])))

        case "toJson", "toPrettyJson":
            return RV(.string((try? json(args[0], indent: name == "toJson" ? nil : "  ", escapeHTML: true)) ?? ""))
        case "mustToJson", "mustToPrettyJson":
            return RV(.string(try json(args[0], indent: name == "mustToJson" ? nil : "  ", escapeHTML: true)))
        case "toRawJson", "mustToRawJson":
            return RV(.string(try json(args[0], indent: nil, escapeHTML: false)))
        case "toYaml", "mustToYaml":
            // Flux's toYaml is sigs.k8s.io/yaml.Marshal (JSON first, then YAML): its output
            // keeps the final newline.
            let v: Value
            if let t = args[0].time { v = .string(t.rfc3339) } else if args[0].isNilSlice { v = .null } else { v = args[0].value ?? .null }
            return RV(.string(YAML.emit(v, sortKeys: true)))

        case "default":
            // default d given: given unless it is empty (or absent).
            if args.count < 2 || Sprig.empty(args[1].value ?? .null) { return boxed(args[0]) }
            return boxed(args[1])
        case "coalesce": return boxed(args.first { !Sprig.empty($0.value ?? .null) } ?? RV(value: .null, boxed: true))
        case "ternary": return boxed(args[2].value?.bool == true ? args[0] : args[1])
        case "slice", "mustSlice":
            // Slicing keeps the list's type ([]string stays []string); an empty list gives nil.
            guard let v = try collectionFunction(name, args.map { $0.value ?? .null }) else { return nil }
            if case .null = v { return RV(value: .null, boxed: true) }
            return RV(v, type: args[0].type)
        case "dig": return try dig(args)

        case "toDate", "mustToDate":
            do { return RV(time: try GoTime.parse(layout: string(0), value: string(1))) } catch {
                if name == "toDate" { return RV(time: .zero) }
                throw FunctionError(error.message)
            }
        case "unixEpoch":
            return RV(.string(String(args[0].time?.seconds ?? GoTime.zero.seconds)))
        case "mustDateModify", "must_date_modify":
            let d: Int64
            do { d = try GoDuration.nanoseconds(string(0)) } catch { throw FunctionError(error.description) }
            return RV(time: (args[1].time ?? .zero).adding(nanoseconds: d))
        case "duration":
            // Only a string or an int64 counts as seconds; an int (a literal) or a float is 0.
            var n: Int64 = 0
            if case .string(let s)? = args[0].value, args[0].type == nil { n = GoNumber.parseDecimalInt(s) ?? 0 }
            if args[0].type == .int64, let i = args[0].value?.int { n = i }
            return RV(.string(GoDuration.string(nanoseconds: n &* 1_000_000_000)))
        case "durationRound":
            var d: Int64 = 0
            if case .string(let s)? = args[0].value, args[0].type == nil { d = (try? GoDuration.nanoseconds(s)) ?? 0 }
            if args[0].type == .int64, let i = args[0].value?.int { d = i }
            if let t = args[0].time { d = t.since(now) }
            return RV(.string(roundedDuration(d)))
        case "ago":
            // A time, or Unix seconds as an int64 or an int; anything else is now.
            var t = now
            if let time = args[0].time {
                t = time
            } else if case .int(let i)? = args[0].value, args[0].type == nil || args[0].type == .int64 {
                t = .unix(i)
            }
            return RV(.string(GoDuration.string(nanoseconds: GoDuration.round(t.since(now), to: 1_000_000_000))))
        default:
            return nil
        }
    }

    /// A result declared interface{}: a nil stays a nil interface, other values keep their type.
    private static func boxed(_ rv: RV) -> RV {
        if case .null? = rv.value, rv.type == nil { return RV(value: .null, boxed: true) }
        return rv
    }

    /// reflect.DeepEqual of two interface{} values: the same dynamic type, then equal contents
    /// (a nil slice is not an empty one; float64 2 is not int 2; NaN is not NaN).
    static func deepEqual(_ a: RV, _ b: RV) -> Bool {
        guard a.goType == b.goType, a.isNilSlice == b.isNilSlice else { return false }
        if a.time != nil || b.time != nil { return a.time == b.time }
        return (a.value ?? .null) == (b.value ?? .null)
    }

    /// json.Marshal / MarshalIndent / an Encoder without HTML escaping, with Go's errors.
    static func json(_ rv: RV, indent: String?, escapeHTML: Bool) throws -> String {
        if let t = rv.time { return try t.json() }
        if rv.isNilSlice { return "null" }
        let v = rv.value ?? .null
        if let bad = unsupportedFloat(v) { throw FunctionError("json: unsupported value: \(bad)") }
        return JSON.encode(v, indent: indent, escapeHTML: escapeHTML)
    }

    /// The first NaN or infinity in `v`, as Go names it in UnsupportedValueError.
    private static func unsupportedFloat(_ v: Value) -> String? {
        switch v {
        case .double(let d) where !d.isFinite: return GoFloat.formatG(d)
        case .array(let items): return items.lazy.compactMap(unsupportedFloat).first
        case .object(let o): return o.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.lazy
            .compactMap { o[$0].flatMap(unsupportedFloat) }.first
        default: return nil
        }
    }

    /// sprig's dig: keys..., default, dict. Go type-asserts each argument, and a failed
    /// assertion panics with the runtime's message.
    private static func dig(_ args: [RV]) throws -> RV {
        guard args.count >= 3 else { throw FunctionError("dig needs at least three arguments") }
        func asDict(_ v: Value?, type: GoType?) throws -> Value.Object {
            let name = type?.name ?? v.flatMap(GoType.of)?.name ?? "nil"
            guard case .object(let o)? = v, name == GoType.map(.any).name else {
                throw FunctionError("interface conversion: interface {} is \(name), not map[string]interface {}")
            }
            return o
        }
        var dict = try asDict(args[args.count - 1].value, type: args[args.count - 1].type)
        let keys = try args.dropLast(2).map { k -> String in
            guard case .string(let s)? = k.value, k.type == nil else {
                throw FunctionError("interface conversion: interface {} is \(k.goType?.name ?? "nil"), not string")
            }
            return s
        }
        for (i, k) in keys.enumerated() {
            guard let step = dict[k] else { return boxed(args[args.count - 2]) }
            if i == keys.count - 1 { return box(step) }
            dict = try asDict(step, type: nil)
        }
        return boxed(args[args.count - 2])
    }

    /// sprig's durationRound: the largest whole unit (y, mo, d, h, m, s) the duration exceeds.
    private static func roundedDuration(_ d: Int64) -> String {
        let u = d.magnitude
        let second: UInt64 = 1_000_000_000, minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let units: [(UInt64, String)] = [(365 * day, "y"), (30 * day, "mo"), (day, "d"), (hour, "h"), (minute, "m"), (second, "s")]
        for (size, suffix) in units where u > size { return String(u / size) + suffix }
        return "0s"
    }
}
