/// Go's `time.Duration` as text: `time.ParseDuration` and `Duration.String`, in seconds.
public enum GoDuration {
    private static let units: [(String, Double)] = [
        ("ns", 1e-9), ("us", 1e-6), ("\u{00B5}s", 1e-6), ("\u{03BC}s", 1e-6), ("ms", 1e-3),
        ("s", 1), ("m", 60), ("h", 3600),
    ]

    /// A flag value as the plugin's duration flags take it: bare seconds or a Go duration,
    /// greater than zero; nil otherwise.
    public static func positiveSeconds(_ text: String) -> Double? {
        let seconds = Double(text) ?? parse(text)
        return seconds.flatMap { $0 > 0 ? $0 : nil }
    }

    /// `time.ParseDuration`; nil where Go returns an error.
    public static func parse(_ text: String) -> Double? {
        var s = Substring(text)
        var sign = 1.0
        if let first = s.first, first == "-" || first == "+" {
            if first == "-" { sign = -1 }
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty { return nil }
        var total = 0.0
        while !s.isEmpty {
            let intPart = s.prefix { $0.isASCII && $0.isNumber }
            s = s.dropFirst(intPart.count)
            var fracPart: Substring = ""
            if s.first == "." {
                s = s.dropFirst()
                fracPart = s.prefix { $0.isASCII && $0.isNumber }
                s = s.dropFirst(fracPart.count)
            }
            if intPart.isEmpty && fracPart.isEmpty { return nil }
            let unitText = s.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard !unitText.isEmpty, let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            s = s.dropFirst(unitText.count)
            guard let value = Double((intPart.isEmpty ? "0" : String(intPart)) + "." + (fracPart.isEmpty ? "0" : String(fracPart)))
            else { return nil }
            total += value * unit.1
        }
        return sign * total
    }

    /// `Duration.String`: `0s`, `1.5s`, `1m30s`, `2h0m0s`, `250ms`, `-3s` (nanosecond precision).
    public static func format(_ seconds: Double) -> String {
        let nanos = Int64((seconds * 1e9).rounded())
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
