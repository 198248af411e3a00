// YAML 1.1 resolution of plain scalars, as go-yaml v2 (vendored by sigs.k8s.io/yaml, used by
// kubectl) does it. The parser uses it to type plain scalars; the emitter uses it to decide
// whether a string must be quoted so that it reads back as a string.

enum Resolver {
    /// The resolved kind of a plain scalar.
    enum Kind: Equatable {
        case null, bool(Bool), int(Int64), uint(UInt64), float(Double)
        /// Looks like a YAML timestamp: go-yaml keeps it a string when decoding into
        /// interface{}, but quotes it on output.
        case timestamp
        case string
    }

    /// The Value a plain (unquoted, untagged) scalar means.
    static func value(ofPlain s: String) -> Value {
        switch resolve(s) {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .float(let d): return .double(d)
        case .timestamp, .string: return .string(s)
        }
    }

    /// go-yaml v2's `canUsePlain`: the string reads back as the same string when unquoted.
    static func isPlainSafe(_ s: String) -> Bool {
        resolve(s) == .string && !isBase60Float(s)
    }

    private static let boolsAndNulls: [String: Kind] = {
        var m: [String: Kind] = [:]
        for w in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { m[w] = .bool(true) }
        for w in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { m[w] = .bool(false) }
        for w in ["", "~", "null", "Null", "NULL"] { m[w] = .null }
        for w in [".nan", ".NaN", ".NAN"] { m[w] = .float(.nan) }
        for w in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { m[w] = .float(.infinity) }
        for w in ["-.inf", "-.Inf", "-.INF"] { m[w] = .float(-.infinity) }
        return m
    }()

    /// Port of go-yaml v2 `resolve("", s)`: the first byte is a hint of what the scalar can be.
    static func resolve(_ s: String) -> Kind {
        let bytes = Array(s.utf8)
        guard let first = bytes.first else { return .null }
        let hint: UInt8
        switch first {
        case UInt8(ascii: "+"), UInt8(ascii: "-"): hint = UInt8(ascii: "S")
        case UInt8(ascii: "0")...UInt8(ascii: "9"): hint = UInt8(ascii: "D")
        case UInt8(ascii: "."): hint = UInt8(ascii: ".")
        default:
            if "yYnNtTfFoO~".utf8.contains(first) { hint = UInt8(ascii: "M") } else { return .string }
        }
        if let known = boolsAndNulls[s] { return known }
        switch hint {
        case UInt8(ascii: "."):
            if let d = parseGoFloatDotted(bytes) { return .float(d) }
        case UInt8(ascii: "D"), UInt8(ascii: "S"):
            if isTimestamp(bytes) { return .timestamp }
            let plain = bytes.filter { $0 != UInt8(ascii: "_") }
            if let i = parseGoInt(plain) { return .int(i) }
            if let u = parseGoUint(plain) { return .uint(u) }
            if matchesYAMLFloat(plain), let d = Double(String(decoding: plain, as: UTF8.self)), d.isFinite {
                return .float(d)
            }
        default:
            break
        }
        return .string
    }

    // MARK: - Integers (strconv.ParseInt / ParseUint with base 0)

    /// strconv.ParseUint(s, 0, 64): no sign; 0x / 0o / 0b / leading-0 octal prefixes.
    static func parseGoUint(_ s: [UInt8]) -> UInt64? {
        guard !s.isEmpty else { return nil }
        var base: UInt64 = 10
        var i = 0
        if s[0] == UInt8(ascii: "0"), s.count > 1 {
            switch s[1] | 0x20 {
            case UInt8(ascii: "x"): base = 16; i = 2
            case UInt8(ascii: "o"): base = 8; i = 2
            case UInt8(ascii: "b"): base = 2; i = 2
            default: base = 8; i = 1
            }
        }
        guard i < s.count else { return nil }
        var n: UInt64 = 0
        while i < s.count {
            let c = s[i]
            let d: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt64(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt64(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard d < base else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            n = a
            i += 1
        }
        return n
    }

    /// strconv.ParseInt(s, 0, 64): optional sign, then ParseUint, range-checked.
    static func parseGoInt(_ s: [UInt8]) -> Int64? {
        guard let first = s.first else { return nil }
        var neg = false
        var body = s[...]
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            neg = first == UInt8(ascii: "-")
            body = s.dropFirst()
        }
        guard let u = parseGoUint(Array(body)) else { return nil }
        if neg {
            if u <= UInt64(Int64.max) { return -Int64(u) }
            if u == UInt64(Int64.max) + 1 { return Int64.min }
            return nil
        }
        return u <= UInt64(Int64.max) ? Int64(u) : nil
    }

    // MARK: - Floats

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` (go-yaml's yamlStyleFloat).
    static func matchesYAMLFloat(_ s: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            if digits() == 0 { return false }
        } else {
            if digits() == 0 { return false }
            if i < s.count, s[i] == UInt8(ascii: ".") { i += 1; _ = digits() }
        }
        if i < s.count, s[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == s.count
    }

    /// strconv.ParseFloat for scalars starting with '.': `.5`, `.5e3`, `.5_5` (underscores only
    /// between digits, as Go allows).
    static func parseGoFloatDotted(_ s: [UInt8]) -> Double? {
        var plain: [UInt8] = []
        for (i, c) in s.enumerated() {
            if c == UInt8(ascii: "_") {
                let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
                guard i > 0, i + 1 < s.count, isDigit(s[i - 1]), isDigit(s[i + 1]) else { return nil }
                continue
            }
            plain.append(c)
        }
        guard plain.first == UInt8(ascii: "."), matchesYAMLFloat(plain),
              let d = Double(String(decoding: plain, as: UTF8.self)), d.isFinite else { return nil }
        return d
    }

    /// go-yaml quotes sexagesimal-looking strings (`1:20`) for YAML 1.1 readers.
    /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
    static func isBase60Float(_ str: String) -> Bool {
        let s = Array(str.utf8)
        guard let f = s.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") || isDigit(f),
              s.contains(UInt8(ascii: ":")) else { return false }
        var i = 0
        if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < s.count, isDigit(s[i]) else { return false }
        i += 1
        while i < s.count, isDigit(s[i]) || s[i] == UInt8(ascii: "_") { i += 1 }
        var groups = 0
        while i < s.count, s[i] == UInt8(ascii: ":") {
            i += 1
            // [0-5]?[0-9]
            if i + 1 < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "5"), isDigit(s[i + 1]) {
                i += 2
            } else if i < s.count, isDigit(s[i]) {
                i += 1
            } else {
                return false
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.count, isDigit(s[i]) || s[i] == UInt8(ascii: "_") { i += 1 }
        }
        return i == s.count
    }

    // MARK: - Timestamps (go-yaml's time.Parse formats)

    /// Accepts `2006-1-2`, `2006-1-2T15:4:5[.frac](Z|±hh:mm)` (T or t) and
    /// `2006-1-2 15:4:5[.frac]`, with Go's range checks.
    static func isTimestamp(_ s: [UInt8]) -> Bool {
        var i = 0
        func num(_ maxDigits: Int) -> Int? {
            var n = 0, k = 0
            while k < maxDigits, i < s.count, isDigit(s[i]) { n = n * 10 + Int(s[i] - 48); i += 1; k += 1 }
            return k == 0 ? nil : n
        }
        func eat(_ c: Character) -> Bool {
            if i < s.count, s[i] == c.asciiValue { i += 1; return true }
            return false
        }
        // Quick check as go-yaml: exactly four digits then '-'.
        guard s.count > 4, s[0..<4].allSatisfy(isDigit), s[4] == UInt8(ascii: "-") else { return false }
        i = 0
        guard let year = num(4), eat("-"), let month = num(2), eat("-"), let day = num(2) else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return false }
        if i == s.count { return true }
        let sep = s[i]
        let zoned = sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t")
        guard zoned || sep == UInt8(ascii: " ") else { return false }
        i += 1
        guard let h = num(2), h < 24, eat(":"), let m = num(2), m < 60, eat(":"), let sec = num(2), sec < 60 else {
            return false
        }
        if i + 1 < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ","), isDigit(s[i + 1]) {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        if !zoned { return i == s.count }
        if eat("Z") { return i == s.count }
        guard i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard s.count - i == 5, isDigit(s[i]), isDigit(s[i + 1]), s[i + 2] == UInt8(ascii: ":"),
              isDigit(s[i + 3]), isDigit(s[i + 4]) else { return false }
        return true
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
