/// Go's `time.Duration` as text: `time.ParseDuration` and `Duration.String`, exact in
/// nanoseconds (Int64, as Go), with Double-seconds conveniences for the plugin's flags.
public enum GoDuration {
    /// A `time.ParseDuration` failure, worded as Go words it (`time: invalid duration "x"`).
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    private static let units: [(String, UInt64)] = [
        ("ns", 1), ("us", 1_000), ("\u{00B5}s", 1_000), ("\u{03BC}s", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    /// A flag value as the plugin's duration flags take it: bare seconds or a Go duration,
    /// greater than zero; nil otherwise.
    public static func positiveSeconds(_ text: String) -> Double? {
        let seconds = Double(text) ?? parse(text)
        return seconds.flatMap { $0 > 0 ? $0 : nil }
    }

    /// `time.ParseDuration` in seconds; nil where Go returns an error.
    public static func parse(_ text: String) -> Double? {
        (try? nanoseconds(text)).map { Double($0) / 1e9 }
    }

    /// `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a lone `0`.
    public static func nanoseconds(_ text: String) throws(ParseError) -> Int64 {
        let invalid = ParseError(description: "time: invalid duration " + GoQuote.timeQuote(text))
        var s = Array(text.utf8)[...]
        var negative = false
        if let c = s.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-")
            s = s.dropFirst()
        }
        if s.elementsEqual("0".utf8) { return 0 }
        if s.isEmpty { throw invalid }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var total: UInt64 = 0
        while let first = s.first {
            guard first == UInt8(ascii: ".") || isDigit(first) else { throw invalid }
            // The integer part, refusing overflow as leadingInt does.
            var v: UInt64 = 0
            let intDigits = s.prefix(while: isDigit)
            for c in intDigits {
                guard v <= (1 << 63) / 10 else { throw invalid }
                v = v * 10 + UInt64(c - 0x30)
                guard v <= 1 << 63 else { throw invalid }
            }
            s = s.dropFirst(intDigits.count)
            // The fraction: digits past the point of overflow are dropped (leadingFraction).
            var f: UInt64 = 0
            var scale = 1.0
            var fracDigits = 0
            if s.first == UInt8(ascii: ".") {
                s = s.dropFirst()
                var overflow = false
                for c in s.prefix(while: isDigit) {
                    fracDigits += 1
                    if overflow { continue }
                    if f > (1 << 63 - 1) / 10 { overflow = true; continue }
                    let y = f * 10 + UInt64(c - 0x30)
                    if y > 1 << 63 { overflow = true; continue }
                    f = y
                    scale *= 10
                }
                s = s.dropFirst(fracDigits)
            }
            if intDigits.isEmpty && fracDigits == 0 { throw invalid }
            let unitBytes = s.prefix { !(isDigit($0) || $0 == UInt8(ascii: ".")) }
            guard !unitBytes.isEmpty else {
                throw ParseError(description: "time: missing unit in duration " + GoQuote.timeQuote(text))
            }
            s = s.dropFirst(unitBytes.count)
            let unitText = String(decoding: unitBytes, as: UTF8.self)
            guard let unit = units.first(where: { $0.0 == unitText })?.1 else {
                throw ParseError(description: "time: unknown unit " + GoQuote.timeQuote(unitText)
                                 + " in duration " + GoQuote.timeQuote(text))
            }
            guard v <= (1 << 63) / unit else { throw invalid }
            v *= unit
            if f > 0 {
                v += UInt64(Double(f) * (Double(unit) / scale))
                guard v <= 1 << 63 else { throw invalid }
            }
            total += v
            guard total <= 1 << 63 else { throw invalid }
        }
        if negative { return total == 1 << 63 ? Int64.min : -Int64(total) }
        guard total <= UInt64(Int64.max) else { throw invalid }
        return Int64(total)
    }

    /// `Duration.String` of seconds (rounded to the nanosecond, clamped to Go's range).
    public static func format(_ seconds: Double) -> String {
        let nanos = (seconds * 1e9).rounded()
        let clamped: Int64 = nanos.isNaN ? 0 : nanos >= 9.2e18 ? Int64.max : nanos <= -9.2e18 ? Int64.min : Int64(nanos)
        return string(nanoseconds: clamped)
    }

    /// `Duration.String`: `0s`, `1.5s`, `1m30s`, `2h0m0s`, `250ms`, `-3s`.
    public static func string(nanoseconds nanos: Int64) -> String {
        if nanos == 0 { return "0s" }
        let negative = nanos < 0
        let u = nanos.magnitude
        var out: String
        if u < 1_000_000_000 {
            // Below one second Go picks the largest unit that keeps a leading digit.
            let (unit, scale): (String, UInt64) = u < 1_000 ? ("ns", 1) : u < 1_000_000 ? ("µs", 1_000) : ("ms", 1_000_000)
            out = fraction(u, scale) + unit
        } else {
            let totalSeconds = u / 1_000_000_000
            let rest = u % 1_000_000_000
            let hours = totalSeconds / 3600, minutes = totalSeconds / 60 % 60, secs = totalSeconds % 60
            out = fraction(secs * 1_000_000_000 + rest, 1_000_000_000) + "s"
            if hours > 0 || minutes > 0 { out = "\(minutes)m" + out }
            if hours > 0 { out = "\(hours)h" + out }
        }
        return negative ? "-" + out : out
    }

    /// `Duration.Round(m)`: halfway values round away from zero; saturates on overflow.
    public static func round(_ d: Int64, to m: Int64) -> Int64 {
        guard m > 0 else { return d }
        var r = d % m
        func lessThanHalf(_ x: Int64, _ y: Int64) -> Bool { UInt64(x) &+ UInt64(x) < UInt64(y) }
        if d < 0 {
            r = -r
            if lessThanHalf(r, m) { return d + r }
            let (d1, overflow) = d.subtractingReportingOverflow(m - r)
            return !overflow && d1 < d ? d1 : Int64.min
        }
        if lessThanHalf(r, m) { return d - r }
        let (d1, overflow) = d.addingReportingOverflow(m - r)
        return !overflow && d1 > d ? d1 : Int64.max
    }

    /// `value / scale` with the fraction's trailing zeros dropped, as Go's `fmtFrac` does.
    private static func fraction(_ value: UInt64, _ scale: UInt64) -> String {
        let whole = value / scale
        var frac = value % scale
        guard frac > 0 else { return String(whole) }
        var digits = String(scale).count - 1
        while frac % 10 == 0 { frac /= 10; digits -= 1 }
        let text = String(frac)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }

    /// An elapsed time for people: `Duration.String` of the time rounded to 0.1 s (`0s`, `1.2s`, `2m3.4s`).
    public static func elapsed(_ seconds: Double) -> String {
        format((seconds * 10).rounded() / 10)
    }
}
