// kubectl's go-template functions (cli-runtime's GoTemplatePrinter, v1.32): Go's builtins, Go's
// own `slice` (not sprig's), and kubectl's `exists` and `base64decode`.

import GoCompat
import YAML

extension GoTemplate.FunctionSet {
    var signatures: [String: Signature] {
        switch self {
        case .flux: return Functions.signatures
        case .kubectl: return Functions.kubectlSignatures
        }
    }

    var names: Set<String> { Set(signatures.keys) }
}

extension Functions {
    static let kubectlSignatures: [String: Signature] = {
        var table: [String: Signature] = [:]
        for name in ["and", "or", "not", "len", "index", "call", "print", "println", "printf", "html", "js",
                     "urlquery", "eq", "ne", "lt", "le", "gt", "ge"] {
            table[name] = signatures[name]
        }
        table["slice"] = Signature([.reflect], .reflect)
        table["exists"] = Signature([.any], .any)
        table["base64decode"] = Signature([.string])
        return table
    }()

    static func kubectlCall(_ name: String, _ args: [RV]) throws -> RV {
        switch name {
        case "slice": return try goSlice(args[0], Array(args.dropFirst()))
        case "exists": return RV(.bool(exists(args[0], Array(args.dropFirst()))))
        case "base64decode":
            let text = args[0].value?.string ?? ""
            do {
                return RV(.string(GoBytes.string(try GoBase64.decode(text))))
            } catch {
                throw FunctionError("base64 decode failed: \(error)")
            }
        default:
            if let r = try builtin(name, args) { return r }
            throw FunctionError("function \(name) is not implemented")
        }
    }

    /// Go's builtin `slice x i j k`: x[i:j:k] of a string or a list. Indexes may reach up to the
    /// list's capacity, past its length: a list kubectl decoded from JSON grew by append, so
    /// `slice .items 0 4` of three items gives them and a nil.
    static func goSlice(_ item: RV, _ indexes: [RV]) throws -> RV {
        guard let value = item.value, !value.isNull else { throw FunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw FunctionError("too many slice indexes: \(indexes.count)") }
        let length: Int, cap: Int
        switch value {
        case .string(let s) where item.type != .time:
            if indexes.count == 3 { throw FunctionError("cannot 3-index slice a string") }
            length = GoBytes.bytes(s).count
            cap = length
        case .array(let a):
            length = a.count
            cap = item.capacity ?? (item.type == nil && item.fromData ? appendCapacity(a.count) : a.count)
        default:
            throw FunctionError("can't slice item of type \(item.boxed ? item.dug.typeName : item.typeName)")
        }
        var idx = [0, length, 0]
        for (i, index) in indexes.enumerated() { idx[i] = try sliceIndex(index, cap: cap) }
        if idx[0] > idx[1] { throw FunctionError("invalid slice index: \(idx[0]) > \(idx[1])") }
        if indexes.count == 3, idx[1] > idx[2] { throw FunctionError("invalid slice index: \(idx[1]) > \(idx[2])") }
        switch value {
        case .string(let s):
            return RV(.string(GoBytes.string(GoBytes.bytes(s)[idx[0]..<idx[1]])), type: item.type)
        case .array(let a):
            // Slots past the length hold what the grown backing array holds: nil.
            var elements: [Value] = []
            elements.reserveCapacity(idx[1] - idx[0])
            for k in idx[0]..<idx[1] { elements.append(k < a.count ? a[k] : .null) }
            var result = RV(.array(elements), type: item.type)
            result.fromData = item.fromData
            result.capacity = (indexes.count == 3 ? idx[2] : cap) - idx[0]
            return result
        default:
            return .invalid
        }
    }

    /// indexArg: integers only, 0...cap; a value still in an interface{} slot (a map field
    /// given directly) is refused by type, as Go's reflect sees it.
    private static func sliceIndex(_ index: RV, cap: Int) throws -> Int {
        let x: Int64
        switch index.value {
        case nil: throw FunctionError("cannot index slice/array with nil")
        case .int(let i)? where !index.boxed: x = i
        case .uint(let u)? where !index.boxed: x = Int64(clamping: u)
        case .null? where index.boxed: throw FunctionError("cannot index slice/array with type interface {}")
        case _? where index.boxed: throw FunctionError("cannot index slice/array with type interface {}")
        default: throw FunctionError("cannot index slice/array with type \(index.typeName)")
        }
        guard x >= 0, x <= Int64(cap) else { throw FunctionError("index out of range: \(x)") }
        return Int(x)
    }

    /// kubectl's `exists x i j...`: whether `index x i j...` would find something that is not nil.
    static func exists(_ item: RV, _ indexes: [RV]) -> Bool {
        // Arguments arrive as interface{}: with no index there is nothing that could be nil.
        if indexes.isEmpty { return true }
        // The value reached so far; nil once a nil interface (a missing or null element) is hit.
        var current: Value? = item.value.flatMap { $0.isNull ? nil : $0 }
        for index in indexes {
            guard let v = current else { return false }
            let i: Value? = index.value.flatMap { $0.isNull ? nil : $0 }
            switch v {
            case .array(let a):
                guard let x = integer(i), x >= 0, x < Int64(a.count) else { return false }
                current = a[Int(x)]
            case .string(let s):
                let bytes = GoBytes.bytes(s)
                guard let x = integer(i), x >= 0, x < Int64(bytes.count) else { return false }
                current = .int(Int64(bytes[Int(x)]))
            case .object(let o):
                // A nil index is the key type's zero value, "".
                let key: String
                switch i {
                case nil: key = ""
                case .string(let s)?: key = s
                default: return false
                }
                current = o[key]
            default:
                return false
            }
            if current?.isNull == true { current = nil }
        }
        return current != nil
    }

    private static func integer(_ v: Value?) -> Int64? {
        switch v {
        case .int(let i)?: return i
        case .uint(let u)?: return Int64(clamping: u)
        default: return nil
        }
    }

    /// The capacity of a []interface{} that Go's JSON decoder filled one append at a time:
    /// growslice's doubling (then 1.25x plus 192 past 256 elements), rounded up to the
    /// allocator's size classes for 16-byte elements, and to whole 8 KiB pages past 32 KiB.
    static func appendCapacity(_ length: Int) -> Int {
        var cap = 0
        while cap < length {
            let wanted = cap + 1
            var grown: Int
            if cap == 0 || wanted > 2 * cap {
                grown = wanted
            } else if cap < 256 {
                grown = 2 * cap
            } else {
                grown = cap
                while grown < wanted { grown += (grown + 3 * 256) >> 2 }
            }
            cap = roundUpSize(grown * 16) / 16
        }
        return cap
    }

    private static let sizeClasses = [
        8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448,
        480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456,
        4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432,
        19072, 20480, 21760, 24576, 27264, 28672, 32768,
    ]

    private static func roundUpSize(_ bytes: Int) -> Int {
        if bytes <= 32768 { return sizeClasses.first { $0 >= bytes } ?? bytes }
        let page = 8192
        return (bytes + page - 1) / page * page
    }
}
