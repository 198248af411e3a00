// The function table: Go's builtins, slim-sprig v3.0.0's HermeticTxtFuncMap and Flux's
// additions (inputs, slugify, toYaml, mustToYaml). Every name is known at parse time, so an
// unknown one fails like Go (`function "now" not defined`).

import YAML

enum ParamType {
    case any        // interface{}: nil arrives as .null
    case reflect    // reflect.Value: missing stays missing
    case string, int, bool
    case map        // map[string]interface{}
    case time       // time.Time
    case none       // no conversion (chain heads)

    var goName: String {
        switch self {
        case .any, .none: return "interface {}"
        case .reflect: return "reflect.Value"
        case .string: return "string"
        case .int: return "int"
        case .bool: return "bool"
        case .map: return "map[string]interface {}"
        case .time: return "time.Time"
        }
    }

    /// The word Go uses in "expected X; found Y" for literal arguments.
    var expectedWord: String {
        switch self {
        case .int: return "integer"
        default: return goName
        }
    }
}

struct Signature {
    var params: [ParamType]
    var variadic: ParamType?
    init(_ params: [ParamType], _ variadic: ParamType? = nil) {
        self.params = params
        self.variadic = variadic
    }
}

enum Functions {
    static let signatures: [String: Signature] = [
        // Go builtins (sprig's `slice` replaces Go's, as it does in Flux).
        "and": Signature([.reflect], .reflect), "or": Signature([.reflect], .reflect),
        "not": Signature([.reflect]), "len": Signature([.reflect]),
        "index": Signature([.reflect], .reflect), "call": Signature([.reflect], .reflect),
        "print": Signature([], .any), "println": Signature([], .any), "printf": Signature([.string], .any),
        "html": Signature([], .any), "js": Signature([], .any), "urlquery": Signature([], .any),
        "eq": Signature([.reflect], .reflect), "ne": Signature([.reflect, .reflect]),
        "lt": Signature([.reflect, .reflect]), "le": Signature([.reflect, .reflect]),
        "gt": Signature([.reflect, .reflect]), "ge": Signature([.reflect, .reflect]),
        // Flux
        "inputs": Signature([]), "slugify": Signature([.string]),
        "toYaml": Signature([.any]), "mustToYaml": Signature([.any]),
        // strings
        "hello": Signature([]),
        "trunc": Signature([.int, .string]), "trim": Signature([.string]), "upper": Signature([.string]),
        "lower": Signature([.string]), "title": Signature([.string]), "substr": Signature([.int, .int, .string]),
        "repeat": Signature([.int, .string]), "trimall": Signature([.string, .string]),
        "trimAll": Signature([.string, .string]), "trimSuffix": Signature([.string, .string]),
        "trimPrefix": Signature([.string, .string]), "contains": Signature([.string, .string]),
        "hasPrefix": Signature([.string, .string]), "hasSuffix": Signature([.string, .string]),
        "quote": Signature([], .any), "squote": Signature([], .any), "cat": Signature([], .any),
        "indent": Signature([.int, .string]), "nindent": Signature([.int, .string]),
        "replace": Signature([.string, .string, .string]), "plural": Signature([.string, .string, .int]),
        "sha1sum": Signature([.string]), "sha256sum": Signature([.string]), "adler32sum": Signature([.string]),
        "toString": Signature([.any]),
        "atoi": Signature([.string]), "int64": Signature([.any]), "int": Signature([.any]),
        "float64": Signature([.any]), "seq": Signature([], .int), "toDecimal": Signature([.any]),
        "split": Signature([.string, .string]), "splitList": Signature([.string, .string]),
        "splitn": Signature([.string, .int, .string]), "toStrings": Signature([.any]),
        "until": Signature([.int]), "untilStep": Signature([.int, .int, .int]),
        // arithmetic
        "add1": Signature([.any]), "add": Signature([], .any), "sub": Signature([.any, .any]),
        "div": Signature([.any, .any]), "mod": Signature([.any, .any]), "mul": Signature([.any], .any),
        "randInt": Signature([.int, .int]),
        "biggest": Signature([.any], .any), "max": Signature([.any], .any), "min": Signature([.any], .any),
        "maxf": Signature([.any], .any), "minf": Signature([.any], .any),
        "ceil": Signature([.any]), "floor": Signature([.any]), "round": Signature([.any, .int], .any),
        "join": Signature([.string, .any]), "sortAlpha": Signature([.any]),
        // dates (the non-hermetic now, date, dateInZone, dateModify, htmlDate... are not defined)
        "ago": Signature([.any]), "duration": Signature([.any]), "durationRound": Signature([.any]),
        "toDate": Signature([.string, .string]), "mustToDate": Signature([.string, .string]),
        "unixEpoch": Signature([.time]),
        "must_date_modify": Signature([.string, .time]), "mustDateModify": Signature([.string, .time]),
        // defaults, encoding, reflection
        "default": Signature([.any], .any), "empty": Signature([.any]), "coalesce": Signature([], .any),
        "all": Signature([], .any), "any": Signature([], .any),
        "compact": Signature([.any]), "mustCompact": Signature([.any]),
        "fromJson": Signature([.string]), "mustFromJson": Signature([.string]),
        "toJson": Signature([.any]), "mustToJson": Signature([.any]),
        "toPrettyJson": Signature([.any]), "mustToPrettyJson": Signature([.any]),
        "toRawJson": Signature([.any]), "mustToRawJson": Signature([.any]),
        "ternary": Signature([.any, .any, .bool]),
        "typeOf": Signature([.any]), "typeIs": Signature([.string, .any]), "typeIsLike": Signature([.string, .any]),
        "kindOf": Signature([.any]), "kindIs": Signature([.string, .any]), "deepEqual": Signature([.any, .any]),
        // paths (path and, for the os* names, path/filepath on Linux)
        "base": Signature([.string]), "dir": Signature([.string]), "clean": Signature([.string]),
        "ext": Signature([.string]), "isAbs": Signature([.string]),
        "osBase": Signature([.string]), "osClean": Signature([.string]), "osDir": Signature([.string]),
        "osExt": Signature([.string]), "osIsAbs": Signature([.string]),
        "b64enc": Signature([.string]), "b64dec": Signature([.string]),
        "b32enc": Signature([.string]), "b32dec": Signature([.string]),
        // data structures
        "tuple": Signature([], .any), "list": Signature([], .any), "dict": Signature([], .any),
        "get": Signature([.map, .string]), "set": Signature([.map, .string, .any]),
        "unset": Signature([.map, .string]), "hasKey": Signature([.map, .string]),
        "pluck": Signature([.string], .map), "keys": Signature([], .map),
        "pick": Signature([.map], .string), "omit": Signature([.map], .string), "values": Signature([.map]),
        "append": Signature([.any, .any]), "push": Signature([.any, .any]),
        "mustAppend": Signature([.any, .any]), "mustPush": Signature([.any, .any]),
        "prepend": Signature([.any, .any]), "mustPrepend": Signature([.any, .any]),
        "first": Signature([.any]), "mustFirst": Signature([.any]), "rest": Signature([.any]),
        "mustRest": Signature([.any]), "last": Signature([.any]), "mustLast": Signature([.any]),
        "initial": Signature([.any]), "mustInitial": Signature([.any]), "reverse": Signature([.any]),
        "mustReverse": Signature([.any]), "uniq": Signature([.any]), "mustUniq": Signature([.any]),
        "without": Signature([.any], .any), "mustWithout": Signature([.any], .any),
        "has": Signature([.any, .any]), "mustHas": Signature([.any, .any]),
        "slice": Signature([.any], .any), "mustSlice": Signature([.any], .any),
        "concat": Signature([], .any), "dig": Signature([], .any),
        "chunk": Signature([.int, .any]), "mustChunk": Signature([.int, .any]),
        "fail": Signature([.string]),
        // regular expressions (Go's regexp syntax, through RE2)
        "regexMatch": Signature([.string, .string]), "mustRegexMatch": Signature([.string, .string]),
        "regexFindAll": Signature([.string, .string, .int]), "mustRegexFindAll": Signature([.string, .string, .int]),
        "regexFind": Signature([.string, .string]), "mustRegexFind": Signature([.string, .string]),
        "regexReplaceAll": Signature([.string, .string, .string]),
        "mustRegexReplaceAll": Signature([.string, .string, .string]),
        "regexReplaceAllLiteral": Signature([.string, .string, .string]),
        "mustRegexReplaceAllLiteral": Signature([.string, .string, .string]),
        "regexSplit": Signature([.string, .string, .int]), "mustRegexSplit": Signature([.string, .string, .int]),
        "regexQuoteMeta": Signature([.string]),
        // URLs
        "urlParse": Signature([.string]), "urlJoin": Signature([.map]),
    ]

    static var names: Set<String> { Set(signatures.keys) }

    /// Go result types that `Value` cannot express (a nil `Value` result of a slice type is a
    /// typed nil slice: printed `[]`, JSON `null`). Unlisted functions return JSON-like data.
    static let resultTypes: [String: GoType] = [
        "add1": .int64, "add": .int64, "sub": .int64, "div": .int64, "mod": .int64, "mul": .int64,
        "biggest": .int64, "max": .int64, "min": .int64, "int64": .int64, "toDecimal": .int64,
        "splitList": .slice(.string), "toStrings": .slice(.string), "sortAlpha": .slice(.string),
        "keys": .slice(.string), "regexFindAll": .slice(.string), "mustRegexFindAll": .slice(.string),
        "regexSplit": .slice(.string), "mustRegexSplit": .slice(.string),
        "split": .map(.string), "splitn": .map(.string),
        "until": .slice(.int), "untilStep": .slice(.int),
        "chunk": .slice(.slice(.any)), "mustChunk": .slice(.slice(.any)),
        "rest": .slice(.any), "mustRest": .slice(.any), "initial": .slice(.any), "mustInitial": .slice(.any),
        "concat": .slice(.any),
    ]

    static func call(_ name: String, _ args: [RV], inputs: Value, now: GoTime) throws -> RV {
        if let r = try builtin(name, args) { return r }
        if name == "inputs" { return RV(value: inputs, boxed: true) }
        if let r = try typedFunction(name, args, now: now) { return r }
        let a = args.map { $0.value ?? .null }
        guard let v = try stringFunction(name, a) ?? conversionFunction(name, a) ?? collectionFunction(name, a)
                ?? regexFunction(name, a) ?? pathFunction(name, a)
        else { throw FunctionError("function \(name) is not implemented") }
        if let type = resultTypes[name] {
            if case .null = v, case .slice = type { return .nilSlice(type) }
            return RV(v, type: type)
        }
        return box(v)
    }

    /// Results declared `interface{}` in Go keep a nil as a nil interface.
    static func box(_ v: Value) -> RV {
        if case .null = v { return RV(value: .null, boxed: true) }
        return RV(v)
    }
}
