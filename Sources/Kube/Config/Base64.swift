/// Base64 as Go's `encoding/base64.StdEncoding` reads kubeconfig `*-data` fields: padding is
/// required, `\r` and `\n` are ignored, and the error names the first bad byte like Go does.
enum Base64 {
    struct DecodeError: Error, Equatable, CustomStringConvertible {
        var offset: Int
        var description: String { "illegal base64 data at input byte \(offset)" }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    static func decode(_ text: String) throws -> [UInt8] {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var quantum: [UInt8] = []
        var padding = 0
        var lastIndex = 0
        for (i, c) in input.enumerated() {
            if c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") { continue }
            lastIndex = i
            if c == UInt8(ascii: "=") {
                // Padding is only valid in the last two positions of a quantum.
                if quantum.count < 2 { throw DecodeError(offset: i) }
                padding += 1
                if quantum.count + padding > 4 { throw DecodeError(offset: i) }
                continue
            }
            if padding > 0 { throw DecodeError(offset: i) }
            let v = table[Int(c)]
            if v < 0 { throw DecodeError(offset: i) }
            quantum.append(UInt8(v))
            if quantum.count == 4 {
                out.append(quantum[0] << 2 | quantum[1] >> 4)
                out.append(quantum[1] << 4 | quantum[2] >> 2)
                out.append(quantum[2] << 6 | quantum[3])
                quantum.removeAll(keepingCapacity: true)
            }
        }
        if quantum.isEmpty && padding == 0 { return out }
        // An incomplete quantum must be completed by exactly the right padding.
        if quantum.count + padding != 4 { throw DecodeError(offset: input.isEmpty ? 0 : lastIndex + 1) }
        out.append(quantum[0] << 2 | quantum[1] >> 4)
        if quantum.count == 3 { out.append(quantum[1] << 4 | quantum[2] >> 2) }
        return out
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
