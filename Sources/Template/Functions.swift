// The function table: Go's builtins, slim-sprig's hermetic set (names as of v3) and Flux's
// additions (inputs, slugify, toYaml, mustToYaml). Every name is known at parse time, so an
// unknown one fails like Go (`function "now" not defined`); a few hermetic functions that
// ResourceSets do not use are recognised but not implemented and fail when executed.

import YAML

enum ParamType {
    case any        // interface{}: nil arrives as .null
    case reflect    // reflect.Value: missing stays missing
    case string, int, bool
    case map        // map[string]interface{}
    case none       // no conversion (chain heads)

    var goName: String {
        switch self {
        case .any, .none: return "interface {}"
        case .reflect: return "reflect.Value"
        case .string: return "string"
        case .int: return "int"
        case .bool: return "bool"
        case .map: return "map[string]interface {}"
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
    /// slim-sprig names that exist (so parsing succeeds) but are not implemented here.
    static let unimplemented: Set<String> = [
        "hello", "ago", "duration", "durationRound", "must_date_modify", "mustDateModify", "mustToDate",
        "toDate", "unixEpoch", "sha1sum", "seq", "toDecimal", "splitn", "until", "untilStep", "randInt",
        "all", "any", "toPrettyJson", "toRawJson", "mustToPrettyJson", "mustToRawJson", "typeIsLike",
        "deepEqual", "dir", "clean", "ext", "isAbs", "osBase", "osClean", "osDir", "osExt", "osIsAbs", "osAbs",
        "b32enc", "b32dec", "pluck", "pick", "omit", "dig", "chunk", "mustChunk", "regexMatch", "mustRegexMatch",
        "regexFindAll", "mustRegexFindAll", "regexFind", "mustRegexFind", "regexReplaceAll",
        "mustRegexReplaceAll", "regexReplaceAllLiteral", "mustRegexReplaceAllLiteral", "regexSplit",
        "mustRegexSplit", "regexQuoteMeta", "urlParse", "urlJoin", "call", "typeIs",
    ]

    static let signatures: [String: Signature] = {
        var s: [String: Signature] = [
            // Go builtins (sprig's `slice` replaces Go's, as it does in Flux).
            "and": Signature([.reflect], .reflect), "or": Signature([.reflect], .reflect),
            "not": Signature([.reflect]), "len": Signature([.reflect]),
            "index": Signature([.reflect], .reflect),
            "print": Signature([], .any), "println": Signature([], .any), "printf": Signature([.string], .any),
            "html": Signature([], .any), "js": Signature([], .any), "urlquery": Signature([], .any),
            "eq": Signature([.reflect], .reflect), "ne": Signature([.reflect, .reflect]),
            "lt": Signature([.reflect, .reflect]), "le": Signature([.reflect, .reflect]),
            "gt": Signature([.reflect, .reflect]), "ge": Signature([.reflect, .reflect]),
            // Flux
            "inputs": Signature([]), "slugify": Signature([.string]),
            "toYaml": Signature([.any]), "mustToYaml": Signature([.any]),
            // strings
            "trunc": Signature([.int, .string]), "trim": Signature([.string]), "upper": Signature([.string]),
            "lower": Signature([.string]), "title": Signature([.string]), "substr": Signature([.int, .int, .string]),
            "repeat": Signature([.int, .string]), "trimall": Signature([.string, .string]),
            "trimAll": Signature([.string, .string]), "trimSuffix": Signature([.string, .string]),
            "trimPrefix": Signature([.string, .string]), "contains": Signature([.string, .string]),
            "hasPrefix": Signature([.string, .string]), "hasSuffix": Signature([.string, .string]),
            "quote": Signature([], .any), "squote": Signature([], .any), "cat": Signature([], .any),
            "indent": Signature([.int, .string]), "nindent": Signature([.int, .string]),
            "replace": Signature([.string, .string, .string]), "plural": Signature([.string, .string, .int]),
            "sha256sum": Signature([.string]), "adler32sum": Signature([.string]), "toString": Signature([.any]),
            "atoi": Signature([.string]), "int64": Signature([.any]), "int": Signature([.any]),
            "float64": Signature([.any]), "split": Signature([.string, .string]),
            "splitList": Signature([.string, .string]), "toStrings": Signature([.any]),
            // arithmetic
            "add1": Signature([.any]), "add": Signature([], .any), "sub": Signature([.any, .any]),
            "div": Signature([.any, .any]), "mod": Signature([.any, .any]), "mul": Signature([.any], .any),
            "biggest": Signature([.any], .any), "max": Signature([.any], .any), "min": Signature([.any], .any),
            "maxf": Signature([.any], .any), "minf": Signature([.any], .any),
            "ceil": Signature([.any]), "floor": Signature([.any]), "round": Signature([.any, .int], .any),
            "join": Signature([.string, .any]), "sortAlpha": Signature([.any]),
            // defaults, encoding, reflection
            "default": Signature([.any], .any), "empty": Signature([.any]), "coalesce": Signature([], .any),
            "compact": Signature([.any]), "mustCompact": Signature([.any]),
            "fromJson": Signature([.string]), "mustFromJson": Signature([.string]),
            "toJson": Signature([.any]), "mustToJson": Signature([.any]),
            "ternary": Signature([.any, .any, .bool]),
            "typeOf": Signature([.any]), "kindOf": Signature([.any]), "kindIs": Signature([.string, .any]),
            "base": Signature([.string]), "b64enc": Signature([.string]), "b64dec": Signature([.string]),
            // data structures
            "tuple": Signature([], .any), "list": Signature([], .any), "dict": Signature([], .any),
            "get": Signature([.map, .string]), "set": Signature([.map, .string, .any]),
            "unset": Signature([.map, .string]), "hasKey": Signature([.map, .string]),
            "keys": Signature([], .map), "values": Signature([.map]),
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
            "concat": Signature([], .any), "fail": Signature([.string]),
        ]
        for name in unimplemented where s[name] == nil { s[name] = Signature([], .any) }
        return s
    }()

    static var names: Set<String> { Set(signatures.keys) }

    static func call(_ name: String, _ args: [RV], inputs: Value) throws -> RV {
        if unimplemented.contains(name) {
            throw FunctionError("function \(name) is not supported by kubectl-rsip")
        }
        if let r = try builtin(name, args) { return r }
        let a = args.map { $0.value ?? .null }
        if name == "inputs" { return RV(value: inputs, boxed: true) }
        if let v = try stringFunction(name, a) { return box(v) }
        if let v = try conversionFunction(name, a) { return box(v) }
        if let v = try collectionFunction(name, a) { return box(v) }
        throw FunctionError("function \(name) is not implemented")
    }

    /// Results declared `interface{}` in Go keep a nil as a nil interface.
    static func box(_ v: Value) -> RV {
        if case .null = v { return RV(value: .null, boxed: true) }
        return RV(v)
    }
}
