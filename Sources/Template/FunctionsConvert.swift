// Conversions, arithmetic, encodings and serialisation (toYaml, toJson, b64*, fromJson).

import YAML

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
        case "b64enc": return .string(Base64.encode(Array((a[0].string ?? "").utf8)))
        case "b64dec":
            // sprig returns the decoder's error text as the result.
            switch Base64.decode(a[0].string ?? "") {
            case .success(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
            case .failure(let e): return .string(e.message)
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

/// Standard padded base64 (encoding/base64.StdEncoding).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    struct DecodeError: Error { var message: String }

    /// Go skips \r and \n; any other bad byte is "illegal base64 data at input byte N".
    static func decode(_ text: String) -> Result<[UInt8], DecodeError> {
        var values: [UInt8] = []
        var positions: [Int] = []
        var padding = 0
        for (i, c) in text.utf8.enumerated() {
            if c == 0x0A || c == 0x0D { continue }
            if c == UInt8(ascii: "=") { padding += 1; positions.append(i); continue }
            guard padding == 0, let v = alphabet.firstIndex(of: c) else {
                return .failure(DecodeError(message: "illegal base64 data at input byte \(padding > 0 ? positions[positions.count - padding] : i)"))
            }
            values.append(UInt8(v)); positions.append(i)
        }
        let total = values.count + padding
        guard total % 4 == 0, padding <= 2, !(padding > 0 && values.count % 4 + padding != 4) else {
            return .failure(DecodeError(message: "illegal base64 data at input byte \(max(0, (total / 4) * 4))"))
        }
        var out: [UInt8] = []
        var i = 0
        while i < values.count {
            let chunk = Array(values[i..<min(i + 4, values.count)])
            let v0 = chunk[0], v1 = chunk.count > 1 ? chunk[1] : 0
            let v2 = chunk.count > 2 ? chunk[2] : 0, v3 = chunk.count > 3 ? chunk[3] : 0
            out.append(v0 << 2 | v1 >> 4)
            if chunk.count > 2 { out.append((v1 & 0x0F) << 4 | v2 >> 2) }
            if chunk.count > 3 { out.append((v2 & 0x03) << 6 | v3) }
            i += 4
        }
        return .success(out)
    }
}
