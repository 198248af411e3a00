/// `encoding/base32`'s `StdEncoding` (RFC 4648 alphabet, `=` padding), for sprig's
/// `b32enc`/`b32dec`: Go's decoder decides what is valid and which offset an error names.
public enum GoBase32 {
    /// Go's `CorruptInputError`.
    public struct CorruptInput: Error, Sendable, Equatable, CustomStringConvertible {
        /// Offset of the offending byte, counted in the input without its `\r` and `\n`.
        public var offset: Int
        public init(offset: Int) { self.offset = offset }
        public var description: String { "illegal base32 data at input byte \(offset)" }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let decodeMap: [UInt8] = {
        var map = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { map[Int(c)] = UInt8(i) }
        return map
    }()

    /// `StdEncoding.EncodeToString`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 4) / 5 * 8)
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(i + 5, bytes.count)])
            var block = [UInt8](repeating: 0, count: 5)
            for (k, b) in chunk.enumerated() { block[k] = b }
            let value = block.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            // 8 symbols of 5 bits; a partial chunk keeps ceil(bits / 5) of them.
            let symbols = [8, 2, 4, 5, 7, 8][chunk.count]
            for s in 0..<8 {
                out.append(s < symbols ? alphabet[Int((value >> UInt64(35 - 5 * s)) & 0x1F)] : UInt8(ascii: "="))
            }
            i += 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `StdEncoding.DecodeString`: `\r` and `\n` are dropped first, then quantum by quantum as
    /// Go's `decode` goes.
    public static func decode(_ text: String) throws(CorruptInput) -> [UInt8] {
        let src = Array(text.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        let olen = src.count
        var out: [UInt8] = []
        var si = 0
        var end = false
        while si < src.count && !end {
            var dbuf = [UInt8](repeating: 0, count: 8)
            var dlen = 8
            var j = 0
            while j < 8 {
                if si == src.count { throw CorruptInput(offset: olen - (src.count - si) - j) }
                let byte = src[si]
                si += 1
                let remaining = src.count - si
                if byte == UInt8(ascii: "="), j >= 2, remaining < 8 {
                    // Padding: it must run to the end of the quantum.
                    if remaining + j < 8 - 1 { throw CorruptInput(offset: olen) }
                    for k in 0..<(8 - 1 - j) where remaining > k && src[si + k] != UInt8(ascii: "=") {
                        throw CorruptInput(offset: olen - remaining + k - 1)
                    }
                    dlen = j
                    end = true
                    if dlen == 1 || dlen == 3 || dlen == 6 { throw CorruptInput(offset: olen - remaining - 1) }
                    break
                }
                dbuf[j] = decodeMap[Int(byte)]
                if dbuf[j] == 0xFF { throw CorruptInput(offset: olen - remaining - 1) }
                j += 1
            }
            var quantum: [UInt8] = [
                dbuf[0] << 3 | dbuf[1] >> 2,
                dbuf[1] << 6 | dbuf[2] << 1 | dbuf[3] >> 4,
                dbuf[3] << 4 | dbuf[4] >> 1,
                dbuf[4] << 7 | dbuf[5] << 2 | dbuf[6] >> 3,
                dbuf[6] << 5 | dbuf[7],
            ]
            let produced = [0, 0, 1, 0, 2, 3, 0, 4, 5][dlen]
            quantum.removeLast(5 - produced)
            out += quantum
        }
        return out
    }
}
