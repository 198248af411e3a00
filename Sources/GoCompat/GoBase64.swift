/// `encoding/base64` as Go's standard encodings read and write it: the controller, client-go and
/// sprig all use Go's decoder, so what is valid (and the offset an error names) is Go's.
///
/// Decoding is Go's non-strict mode: `\r` and `\n` are skipped anywhere, and non-zero trailing
/// bits are accepted. `padded` picks `StdEncoding` (padding required) or `RawStdEncoding`
/// (padding refused).
public enum GoBase64 {
    /// Go's `CorruptInputError`.
    public struct CorruptInput: Error, Sendable, Equatable, CustomStringConvertible {
        /// Offset of the offending byte in the input, as Go counts it.
        public var offset: Int
        public init(offset: Int) { self.offset = offset }
        public var description: String { "illegal base64 data at input byte \(offset)" }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let decodeMap: [UInt8] = {
        var map = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { map[Int(c)] = UInt8(i) }
        return map
    }()

    /// `StdEncoding.EncodeToString` (or `RawStdEncoding` when `padded` is false).
    public static func encode(_ bytes: [UInt8], padded: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if i + 1 < bytes.count { out.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) } else if padded { out.append(UInt8(ascii: "=")) }
            if i + 2 < bytes.count { out.append(alphabet[Int(b2 & 0x3F)]) } else if padded { out.append(UInt8(ascii: "=")) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func encode(_ text: String, padded: Bool = true) -> String { encode(Array(text.utf8), padded: padded) }

    /// `StdEncoding.DecodeString` (or `RawStdEncoding` when `padded` is false), quantum by quantum
    /// as Go's `decodeQuantum` goes, so errors carry Go's offsets.
    public static func decode(_ text: String, padded: Bool = true) throws(CorruptInput) -> [UInt8] {
        let src = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(src.count / 4 * 3)
        var si = 0
        func isNewline(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
        while true {
            var quantum = [UInt8](repeating: 0, count: 4)
            var length = 4
            var trailingError: CorruptInput?
            var j = 0
            while j < 4 {
                if si == src.count {
                    if j == 0 { return out }
                    if j == 1 || padded { throw CorruptInput(offset: si - j) }
                    length = j
                    break
                }
                let byte = src[si]
                si += 1
                let value = decodeMap[Int(byte)]
                if value != 0xFF { quantum[j] = value; j += 1; continue }
                if isNewline(byte) { continue }
                guard padded, byte == UInt8(ascii: "=") else { throw CorruptInput(offset: si - 1) }
                // Padding: only valid as the third or fourth symbol of the last quantum.
                switch j {
                case 0, 1:
                    throw CorruptInput(offset: si - 1)
                case 2:
                    while si < src.count, isNewline(src[si]) { si += 1 }
                    if si == src.count { throw CorruptInput(offset: src.count) }
                    if src[si] != UInt8(ascii: "=") { throw CorruptInput(offset: si - 1) }
                    si += 1
                default:
                    break
                }
                while si < src.count, isNewline(src[si]) { si += 1 }
                if si < src.count { trailingError = CorruptInput(offset: si) }
                length = j
                break
            }
            let value = UInt32(quantum[0]) << 18 | UInt32(quantum[1]) << 12 | UInt32(quantum[2]) << 6 | UInt32(quantum[3])
            let bytes = [UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
            out.append(contentsOf: bytes.prefix(length - 1))
            if let trailingError { throw trailingError }
            if length < 4 { return out }
        }
    }
}
