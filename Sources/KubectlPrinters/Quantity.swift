// apimachinery's resource.Quantity, only as far as `--sort-by` needs it: kubectl compares two
// strings as quantities when both parse as one ("10" after "9", "1Gi" after "500Mi", ids of
// exported inputs by value), bytewise otherwise.

struct Quantity: Sendable, Equatable {
    var negative: Bool
    /// Decimal digits without leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// value = digits × 10^exponent
    var exponent: Int

    static let zero = Quantity(negative: false, digits: [], exponent: 0)

    /// resource.ParseQuantity: nil where it returns an error. The value is exact, rounded up
    /// (away from zero) to a multiple of 10^-9, and binary-suffixed amounts are capped at
    /// 2^63-1, as ParseQuantity leaves them.
    static func parse(_ text: String) -> Quantity? {
        let s = Array(text.utf8)
        if s.isEmpty { return nil }
        if s == [UInt8(ascii: "0")] { return .zero }
        guard let parts = split(s) else { return nil }
        guard let (base, exponent) = interpret(parts.suffix) else { return nil }

        var q = Quantity(negative: !parts.positive, digits: parts.num + parts.denom, exponent: -parts.denom.count)
        if base == 10 {
            q.exponent += exponent
        } else {
            for _ in 0..<exponent { q.digits = double(q.digits) }
        }
        q.normalize()
        q.roundUpToNano()
        if base == 2, q.magnitudeExceedsInt64 {
            q = Quantity(negative: q.negative, digits: Array("9223372036854775807".utf8), exponent: 0)
        }
        if q.digits.isEmpty { q.negative = false }
        return q
    }

    /// Cmp: -1, 0 or 1.
    static func compare(_ x: Quantity, _ y: Quantity) -> Int {
        let sx = x.digits.isEmpty ? 0 : (x.negative ? -1 : 1)
        let sy = y.digits.isEmpty ? 0 : (y.negative ? -1 : 1)
        if sx != sy { return sx < sy ? -1 : 1 }
        if sx == 0 { return 0 }
        let m = compareMagnitude(x, y)
        return sx > 0 ? m : -m
    }

    private static func compareMagnitude(_ x: Quantity, _ y: Quantity) -> Int {
        // Position of the leading digit decides first.
        let px = x.digits.count + x.exponent, py = y.digits.count + y.exponent
        if px != py { return px < py ? -1 : 1 }
        let n = max(x.digits.count, y.digits.count)
        for k in 0..<n {
            let a = k < x.digits.count ? x.digits[k] : UInt8(ascii: "0")
            let b = k < y.digits.count ? y.digits[k] : UInt8(ascii: "0")
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    // MARK: - Parsing (parseQuantityString and the suffixer)

    private struct Parts {
        var positive: Bool
        var num: [UInt8]
        var denom: [UInt8]
        var suffix: [UInt8]
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func split(_ s: [UInt8]) -> Parts? {
        var positive = true
        var pos = 0
        let end = s.count
        if s[0] == UInt8(ascii: "-") { positive = false; pos += 1 } else if s[0] == UInt8(ascii: "+") { pos += 1 }
        while pos < end, s[pos] == UInt8(ascii: "0") { pos += 1 }
        if pos >= end { return Parts(positive: positive, num: [], denom: [], suffix: []) }
        let numStart = pos
        while pos < end, isDigit(s[pos]) { pos += 1 }
        let num = Array(s[numStart..<pos])
        var denom: [UInt8] = []
        if pos < end, s[pos] == UInt8(ascii: ".") {
            pos += 1
            let d = pos
            while pos < end, isDigit(s[pos]) { pos += 1 }
            denom = Array(s[d..<pos])
        }
        let suffixStart = pos
        let letters = Array("eEinumkKMGTP".utf8)
        while pos < end, letters.contains(s[pos]) { pos += 1 }
        if pos < end, s[pos] == UInt8(ascii: "-") || s[pos] == UInt8(ascii: "+") { pos += 1 }
        while pos < end, isDigit(s[pos]) { pos += 1 }
        guard pos == end else { return nil }
        return Parts(positive: positive, num: num, denom: denom, suffix: Array(s[suffixStart...]))
    }

    /// (base, exponent) of a suffix: SI (n u m "" k M G T P E), binary (Ki ... Ei), or an
    /// exponent `e3`/`E-2` (Go truncates it to int32).
    private static func interpret(_ suffix: [UInt8]) -> (Int, Int)? {
        switch String(decoding: suffix, as: UTF8.self) {
        case "": return (10, 0)
        case "n": return (10, -9)
        case "u": return (10, -6)
        case "m": return (10, -3)
        case "k": return (10, 3)
        case "M": return (10, 6)
        case "G": return (10, 9)
        case "T": return (10, 12)
        case "P": return (10, 15)
        case "E": return (10, 18)
        case "Ki": return (2, 10)
        case "Mi": return (2, 20)
        case "Gi": return (2, 30)
        case "Ti": return (2, 40)
        case "Pi": return (2, 50)
        case "Ei": return (2, 60)
        default:
            guard suffix.count > 1, suffix[0] == UInt8(ascii: "e") || suffix[0] == UInt8(ascii: "E"),
                  let e = Int64(String(decoding: suffix[1...], as: UTF8.self)) else { return nil }
            return (10, Int(Int32(truncatingIfNeeded: e)))
        }
    }

    // MARK: - Arithmetic on decimal digit strings

    private static func double(_ digits: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: digits.count + 1)
        var carry: UInt8 = 0
        for k in stride(from: digits.count - 1, through: 0, by: -1) {
            let v = (digits[k] - 0x30) * 2 + carry
            out[k + 1] = v % 10 + 0x30
            carry = v / 10
        }
        out[0] = carry + 0x30
        return out
    }

    private mutating func normalize() {
        var start = 0
        while start < digits.count, digits[start] == UInt8(ascii: "0") { start += 1 }
        var end = digits.count
        while end > start, digits[end - 1] == UInt8(ascii: "0") { end -= 1; exponent += 1 }
        digits = Array(digits[start..<end])
        if digits.isEmpty { exponent = 0 }
    }

    private mutating func roundUpToNano() {
        guard !digits.isEmpty, exponent < -9 else { return }
        let drop = -9 - exponent
        if drop >= digits.count {
            digits = [UInt8(ascii: "1")]
        } else {
            var head = Array(digits[..<(digits.count - drop)])
            // The dropped digits are not all zero (the digits carry no trailing zeros).
            var k = head.count - 1
            while k >= 0 {
                if head[k] == UInt8(ascii: "9") { head[k] = UInt8(ascii: "0"); k -= 1 } else { head[k] += 1; break }
            }
            if k < 0 { head.insert(UInt8(ascii: "1"), at: 0) }
            digits = head
        }
        exponent = -9
        normalize()
    }

    private var magnitudeExceedsInt64: Bool {
        let max = Quantity(negative: false, digits: Array("9223372036854775807".utf8), exponent: 0)
        return Quantity.compareMagnitude(self, max) > 0
    }
}
