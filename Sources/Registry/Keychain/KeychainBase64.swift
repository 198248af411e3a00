/// Base64 decoding as Go's `encoding/base64` does it, because the controller's libraries decide
/// what is valid: `StdEncoding` (padding required) for Secret `data` and padded `auth` fields,
/// `RawStdEncoding` (no padding allowed) for unpadded `auth` fields. Both skip `\r` and `\n` and,
/// like Go's non-strict mode, accept non-zero trailing bits.
enum KeychainBase64 {
    struct Failure: Error, Equatable {
        /// Byte offset of the first illegal byte, as Go reports it.
        var offset: Int
    }

    static func decode(_ text: String, padded: Bool) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var quantum: [UInt8] = []
        var sawPadding = false
        var index = 0
        var lastGroupStart = 0
        for byte in text.utf8 {
            defer { index += 1 }
            if byte == 0x0A || byte == 0x0D { continue }
            if sawPadding {
                // After '=', only the rest of the padding may follow.
                guard byte == UInt8(ascii: "="), padded, quantum.count < 4 else { throw Failure(offset: index) }
                quantum.append(64)
                continue
            }
            if byte == UInt8(ascii: "=") {
                guard padded, quantum.count >= 2 else { throw Failure(offset: index) }
                sawPadding = true
                quantum.append(64)
                continue
            }
            guard let v = value(of: byte) else { throw Failure(offset: index) }
            if quantum.isEmpty { lastGroupStart = index }
            quantum.append(v)
            if quantum.count == 4 { emit(quantum, into: &out); quantum.removeAll(keepingCapacity: true) }
        }
        if sawPadding {
            // A padded group must be complete: "xx==" or "xxx=".
            guard quantum.count == 4 else { throw Failure(offset: index) }
            emit(quantum, into: &out)
            return out
        }
        if quantum.isEmpty { return out }
        // Leftover bytes: StdEncoding wants padding; RawStdEncoding takes 2 or 3, never 1.
        guard !padded, quantum.count >= 2 else { throw Failure(offset: padded ? index : lastGroupStart + quantum.count - 1) }
        emit(quantum + Array(repeating: 64, count: 4 - quantum.count), into: &out)
        return out
    }

    /// `auth` fields: ggcr picks the alphabet by a trailing `=` after trimming spaces, then
    /// decodes the untrimmed text (so surrounding spaces are still an error).
    static func decodeAuthField(_ text: String) throws -> [UInt8] {
        let trimmed = text.trimmingGoSpace()
        return try decode(text, padded: trimmed.hasSuffix("="))
    }

    private static func emit(_ q: [UInt8], into out: inout [UInt8]) {
        let a = q[0], b = q[1], c = q[2], d = q[3]
        out.append(a << 2 | b >> 4)
        if c != 64 { out.append((b & 0x0F) << 4 | c >> 2) }
        if c != 64, d != 64 { out.append((c & 0x03) << 6 | d) }
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

extension String {
    /// Go's strings.TrimSpace for the ASCII whitespace that can appear in these fields.
    func trimmingGoSpace() -> String {
        let bytes = Array(utf8)
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
