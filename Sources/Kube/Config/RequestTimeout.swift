import GoCompat
/// `--request-timeout`, parsed as kubectl's `ParseTimeout`: a non-negative integer is seconds,
/// otherwise a Go duration (`10s`, `1m30s`, `1.5h`); `0` means no timeout.
public enum RequestTimeout {
    /// Seconds, or nil for "no timeout" (zero or negative, as client-go ignores those).
    public static func parse(_ text: String) throws(KubeconfigError) -> Double? {
        if let n = Int64(text), n >= 0 {
            return n == 0 ? nil : Double(n)
        }
        guard let seconds = GoDuration.parse(text) else { throw KubeconfigError.invalidTimeout(text) }
        return seconds > 0 ? seconds : nil
    }
}
