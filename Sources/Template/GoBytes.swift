// Go strings are bytes, Swift strings are Unicode: slicing "Ü" with `substr 0 1` gives Go a
// string holding the lone byte 0xC3. Such bytes are kept here as private-use scalars
// U+10FF80...U+10FFFF (one per byte), so they survive concatenation and printing and turn back
// into the raw bytes in the rendered text, where the YAML reader rejects them as go-yaml does
// (`invalid leading UTF-8 octet`), unless they join up into valid UTF-8 again.

enum GoBytes {
    private static let escapeBase: UInt32 = 0x10FF00

    /// Go's `string(b)`: valid UTF-8 as it is, each byte of an invalid sequence escaped.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        let b = Array(bytes)
        if let valid = String(validatingUTF8Bytes: b) { return valid }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < b.count {
            if let (scalar, length) = decode(b, at: i) {
                out.append(scalar)
                i += length
            } else if let escaped = Unicode.Scalar(escapeBase + UInt32(b[i])) {
                out.append(escaped)
                i += 1
            } else {
                i += 1
            }
        }
        return String(out)
    }

    /// The Go bytes of a template string: escapes turned back into the bytes they stand for.
    static func bytes(_ s: String) -> [UInt8] {
        guard s.unicodeScalars.contains(where: isEscape) else { return Array(s.utf8) }
        var out: [UInt8] = []
        for scalar in s.unicodeScalars {
            if isEscape(scalar) { out.append(UInt8(truncatingIfNeeded: scalar.value - escapeBase)) } else { out += Array(String(scalar).utf8) }
        }
        return out
    }

    private static func isEscape(_ s: Unicode.Scalar) -> Bool { s.value >= escapeBase + 0x80 && s.value <= escapeBase + 0xFF }

    /// One well-formed UTF-8 sequence at `i` (no overlongs, surrogates or values past U+10FFFF).
    private static func decode(_ b: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = b[i]
        let (length, minimum): (Int, UInt32)
        switch lead {
        case 0x00..<0x80: return Unicode.Scalar(UInt32(lead)).map { ($0, 1) }
        case 0xC2...0xDF: (length, minimum) = (2, 0x80)
        case 0xE0...0xEF: (length, minimum) = (3, 0x800)
        case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
        default: return nil
        }
        guard i + length <= b.count else { return nil }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}

private extension String {
    init?(validatingUTF8Bytes b: [UInt8]) {
        guard let s = String(validating: b, as: UTF8.self) else { return nil }
        self = s
    }
}
