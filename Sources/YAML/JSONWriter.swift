// JSON output byte-identical to Go's encoding/json (what kubectl prints for `-o json`):
// keys sorted bytewise, HTML-safe escaping, Go float formatting, MarshalIndent layout.

struct JSONWriter {
    var sortKeys: Bool
    /// nil: compact; otherwise the per-level indent (kubectl uses four spaces).
    var indent: String?
    /// encoding/json's escapeHTML: `<`, `>` and `&` as \u003c, \u003e, \u0026.
    var escapeHTML = true

    func encode(_ value: Value) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(value, depth: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func newline(_ depth: Int, _ out: inout [UInt8]) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { out.append(contentsOf: indent.utf8) }
    }

    private func write(_ value: Value, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .uint(let u): out.append(contentsOf: String(u).utf8)
        case .double(let d): out.append(contentsOf: GoFloat.formatJSON(d).utf8)
        case .string(let s): Self.writeString(s, escapeHTML: escapeHTML, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, &out)
                write(item, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            // Go sorts map keys as byte strings; Swift's String < is not bytewise for all text.
            let keys = sortKeys ? object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } : object.keys
            var first = true
            for key in keys {
                guard let child = object[key] else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                newline(depth + 1, &out)
                Self.writeString(key, escapeHTML: escapeHTML, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(child, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// encoding/json's string encoder, escapeHTML by default (Go 1.22+: \b and \f short forms).
    static func writeString(_ s: String, escapeHTML: Bool = true, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var utf8 = Array(s.utf8)
        if utf8.isEmpty { out.append(UInt8(ascii: "\"")); return }
        utf8.withUnsafeMutableBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    switch c {
                    case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                    case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                    case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                    case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                    case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                    case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                    case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                    case 0..<0x20:
                        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
                    case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                        if escapeHTML {
                            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
                        } else {
                            out.append(c)
                        }
                    default: out.append(c)
                    }
                    i += 1
                    continue
                }
                // U+2028 and U+2029 (E2 80 A8/A9) break JavaScript string literals; Go escapes them.
                if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 {
                    out.append(contentsOf: "\\u202".utf8)
                    out.append(b[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                    i += 3
                    continue
                }
                out.append(c)
                i += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
