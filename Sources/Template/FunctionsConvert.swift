// Conversions, arithmetic, encodings and serialisation (toYaml, toJson, b64*, fromJson).

import YAML
import GoCompat

extension Functions {
    static func conversionFunction(_ name: String, _ a: [Value]) throws -> Value? {
        switch name {
        case "toString": return .string(Sprig.strval(a[0]))
        case "atoi": return .int(GoNumber.parseDecimalInt(a[0].string ?? "") ?? 0)
        case "int", "int64": return .int(Sprig.toInt64(a[0]))
        case "float64": return .double(Sprig.toFloat64(a[0]))
        case "toStrings": return .array(Sprig.strslice(a[0]).map(Value.string))
        case "add1": return .int(Sprig.toInt64(a[0]) &+ 1)
        case "add": return .int(a.reduce(0) { $0 &+ Sprig.toInt64($1) })
        case "sub": return .int(Sprig.toInt64(a[0]) &- Sprig.toInt64(a[1]))
        case "mul": return .int(a.dropFirst().reduce(Sprig.toInt64(a[0])) { $0 &* Sprig.toInt64($1) })
        case "div", "mod":
            let x = Sprig.toInt64(a[0]), y = Sprig.toInt64(a[1])
            guard y != 0 else { throw FunctionError("runtime error: integer divide by zero") }
            if x == Int64.min && y == -1 { return .int(name == "div" ? x : 0) }
            return .int(name == "div" ? x / y : x % y)
        case "max", "biggest": return .int(a.dropFirst().reduce(Sprig.toInt64(a[0])) { max($0, Sprig.toInt64($1)) })
        case "min": return .int(a.dropFirst().reduce(Sprig.toInt64(a[0])) { min($0, Sprig.toInt64($1)) })
        case "maxf": return .double(a.dropFirst().reduce(Sprig.toFloat64(a[0])) { max($0, Sprig.toFloat64($1)) })
        case "minf": return .double(a.dropFirst().reduce(Sprig.toFloat64(a[0])) { min($0, Sprig.toFloat64($1)) })
        case "ceil": return .double(Sprig.toFloat64(a[0]).rounded(.up))
        case "floor": return .double(Sprig.toFloat64(a[0]).rounded(.down))
        case "round":
            let places = Double(a[1].int ?? 0)
            let roundOn = a.count > 2 ? Sprig.toFloat64(a[2]) : 0.5
            let pow = Double.pow10(places)
            let digit = pow * Sprig.toFloat64(a[0])
            let fraction = digit - digit.rounded(.towardZero)
            let r = fraction >= roundOn ? digit.rounded(.up) : digit.rounded(.down)
            return .double(r / pow)
        case "default":
            if a.count < 2 || Sprig.empty(a[1]) { return a[0] }
            return a[1]
        case "empty": return .bool(Sprig.empty(a[0]))
        case "coalesce": return a.first { !Sprig.empty($0) } ?? .null
        case "ternary": return a[2].bool == true ? a[0] : a[1]
        case "typeOf": return .string(GoFormat.typeName(a[0]))
        case "kindOf": return .string(Sprig.kindName(a[0]))
        case "kindIs": return .bool(Sprig.kindName(a[1]) == (a[0].string ?? ""))
        case "b64enc": return .string(GoBase64.encode(a[0].string ?? ""))
        case "b64dec":
            // sprig returns the decoder's error text as the result.
            do { return .string(String(decoding: try GoBase64.decode(a[0].string ?? ""), as: UTF8.self)) } catch {
                return .string(error.description)
            }
        case "toJson", "mustToJson": return .string(JSON.encodeCompact(a[0]))
        case "fromJson", "mustFromJson":
            do {
                return floatNumbers(try JSON.parse(a[0].string ?? ""))
            } catch {
                if name == "mustFromJson" { throw FunctionError("\(error)") }
                return .null
            }
        case "toYaml", "mustToYaml":
            // Flux's toYaml is sigs.k8s.io/yaml.Marshal: its output keeps the final newline.
            return .string(YAML.emit(a[0], sortKeys: true))
        case "fail": throw FunctionError(a[0].string ?? "")
        default: return nil
        }
    }

    /// encoding/json decodes every number into float64.
    private static func floatNumbers(_ v: Value) -> Value {
        switch v {
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .array(let a): return .array(a.map(floatNumbers))
        case .object(let o): return .object(Value.Object(o.pairs.map { ($0.key, floatNumbers($0.value)) }))
        default: return v
        }
    }
}

private extension Double {
    static func pow10(_ p: Double) -> Double {
        var r = 1.0
        let n = Int(p.magnitude)
        for _ in 0..<n { r *= 10 }
        return p < 0 ? 1 / r : r
    }
}
