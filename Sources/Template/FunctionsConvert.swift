// Conversions, arithmetic, sequences (until, untilStep, seq), empty/all/any, b64*, fromJson.

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
        case "empty": return .bool(Sprig.empty(a[0]))
        case "all": return .bool(a.allSatisfy { !Sprig.empty($0) })
        case "any": return .bool(a.contains { !Sprig.empty($0) })
        case "toDecimal":
            // strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on error.
            return .int(GoNumber.parseInt(GoFormat.sprint([a[0]]), radix: 8) ?? 0)
        case "until":
            let count = a[0].int ?? 0
            return .array(try untilStep(0, count, count < 0 ? -1 : 1).map(Value.int))
        case "untilStep":
            return .array(try untilStep(a[0].int ?? 0, a[1].int ?? 0, a[2].int ?? 0).map(Value.int))
        case "seq": return .string(try seq(a.map { $0.int ?? 0 }).map(String.init).joined(separator: " "))
        case "randInt":
            // rand.Intn(max-min) + min: Intn panics unless its argument is positive.
            let lo = a[0].int ?? 0, hi = a[1].int ?? 0
            let (span, overflow) = hi.subtractingReportingOverflow(lo)
            guard !overflow, span > 0 else { throw FunctionError("invalid argument to Intn") }
            return .int(Int64.random(in: 0..<span) &+ lo)
        case "b64enc": return .string(GoBase64.encode(GoBytes.bytes(a[0].string ?? "")))
        case "b64dec":
            // sprig returns the decoder's error text as the result.
            do { return .string(GoBytes.string(try GoBase64.decode(a[0].string ?? ""))) } catch {
                return .string(error.description)
            }
        case "fromJson", "mustFromJson":
            do {
                return try JSON.parse(a[0].string ?? "").withFloat64Numbers
            } catch {
                if name == "mustFromJson" { throw FunctionError("\(error)") }
                return .null
            }
        case "fail": throw FunctionError(a[0].string ?? "")
        default: return nil
        }
    }
}

extension Functions {
    /// The most elements `until`, `untilStep` and `seq` make: Go would try to allocate any
    /// count (and the controller run out of memory); here such a template fails instead.
    static let maxSequence: Int64 = 10_000_000

    /// sprig's untilStep: start, start+step, ... short of stop; nothing when step points away.
    static func untilStep(_ start: Int64, _ stop: Int64, _ step: Int64) throws -> [Int64] {
        var v: [Int64] = []
        func add(_ i: Int64) throws {
            guard Int64(v.count) < maxSequence else {
                throw FunctionError("kubectl-rsip: sequence longer than \(maxSequence) elements")
            }
            v.append(i)
        }
        if stop < start {
            guard step < 0 else { return v }
            var i = start
            while i > stop {
                try add(i)
                let (next, overflow) = i.addingReportingOverflow(step)
                if overflow { break }
                i = next
            }
            return v
        }
        guard step > 0 else { return v }
        var i = start
        while i < stop {
            try add(i)
            let (next, overflow) = i.addingReportingOverflow(step)
            if overflow { break }
            i = next
        }
        return v
    }

    /// sprig's seq: `seq 3` is 1 2 3, `seq 2 5`, `seq 0 2 10` (start, step, end), counting down
    /// when end < start; any other argument count gives nothing.
    static func seq(_ p: [Int64]) throws -> [Int64] {
        switch p.count {
        case 1:
            let increment: Int64 = p[0] < 1 ? -1 : 1
            return try untilStep(1, p[0] &+ increment, increment)
        case 2:
            let step: Int64 = p[1] < p[0] ? -1 : 1
            return try untilStep(p[0], p[1] &+ step, step)
        case 3:
            var increment: Int64 = 1
            if p[2] < p[0] {
                increment = -1
                if p[1] > 0 { return [] }
            }
            return try untilStep(p[0], p[2] &+ increment, p[1])
        default:
            return []
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
