/// `--request-timeout`, parsed as kubectl's `ParseTimeout`: a non-negative integer is seconds,
/// otherwise a Go duration (`10s`, `1m30s`, `1.5h`); `0` means no timeout.
public enum RequestTimeout {
    /// Seconds, or nil for "no timeout" (zero or negative, as client-go ignores those).
    public static func parse(_ text: String) throws -> Double? {
        if let n = Int64(text), n >= 0 {
            return n == 0 ? nil : Double(n)
        }
        guard let seconds = GoDuration.parse(text) else { throw KubeconfigError.invalidTimeout(text) }
        return seconds > 0 ? seconds : nil
    }
}

/// Go's `time.ParseDuration`, returning seconds.
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
}
