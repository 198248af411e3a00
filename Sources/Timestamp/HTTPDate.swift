/// HTTP dates (RFC 9110 5.6.7), for `Retry-After`: the IMF-fixdate, and the obsolete RFC 850 and
/// asctime forms a recipient must still accept. Parsed without ICU, for the reason in `RFC3339`.
public enum HTTPDate {
    /// Seconds since the epoch; nil for anything else.
    ///
    ///     Sun, 06 Nov 1994 08:49:37 GMT     IMF-fixdate
    ///     Sunday, 06-Nov-94 08:49:37 GMT    RFC 850 (two-digit years: 70-99 are 19xx, 00-69 20xx)
    ///     Sun Nov  6 08:49:37 1994          asctime
    public static func seconds(_ text: String) -> Double? {
        let t = text.split(separator: " ").map { Array($0.utf8) }
        let day: Int?, month: Int?, year: Int?, time: [UInt8]
        if t.count == 6, isDayName(t[0], comma: true), t[5] == Array("GMT".utf8), t[1].count == 2, t[3].count == 4 {
            (day, month, year, time) = (number(t[1]), monthNumber(t[2]), number(t[3]), t[4])
        } else if t.count == 4, isDayName(t[0], comma: true), t[3] == Array("GMT".utf8) {
            let parts = t[1].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false).map(Array.init)
            guard parts.count == 3, parts[0].count == 2, parts[2].count == 2, let yy = number(parts[2]) else { return nil }
            (day, month, year, time) = (number(parts[0]), monthNumber(parts[1]), yy < 70 ? 2000 + yy : 1900 + yy, t[2])
        } else if t.count == 5, isDayName(t[0], comma: false), (1...2).contains(t[2].count), t[4].count == 4 {
            (day, month, year, time) = (number(t[2]), monthNumber(t[1]), number(t[4]), t[3])
        } else {
            return nil
        }
        guard let day, let month, let year, (1...31).contains(day), time.count == 8,
              time[2] == UInt8(ascii: ":"), time[5] == UInt8(ascii: ":"),
              let h = number(Array(time[0..<2])), let m = number(Array(time[3..<5])), let s = number(Array(time[6..<8])),
              h < 24, m < 60, s < 61
        else { return nil }
        return Double(RFC3339.daysFromCivil(year, month, day) * 86400 + h * 3600 + m * 60 + s)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    private static func monthNumber(_ b: [UInt8]) -> Int? {
        months.firstIndex(of: b).map { $0 + 1 }
    }

    /// Up to 4 decimal digits, nothing else.
    private static func number(_ b: [UInt8]) -> Int? {
        guard !b.isEmpty, b.count <= 4 else { return nil }
        var v = 0
        for c in b {
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// `Sun` / `Sunday`, with a trailing comma in the two GMT forms; letters only.
    private static func isDayName(_ b: [UInt8], comma: Bool) -> Bool {
        var letters = b[...]
        if comma {
            guard letters.last == UInt8(ascii: ",") else { return false }
            letters = letters.dropLast()
        }
        return (3...9).contains(letters.count) && letters.allSatisfy { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }
    }
}
