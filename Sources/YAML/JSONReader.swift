// A byte-level JSON reader (RFC 8259) into Value: API server lists can be megabytes, where
// libyaml would be far too slow. Decoding choices follow Go's encoding/json: duplicate keys keep
// the last value, invalid UTF-8 and lone surrogates become U+FFFD.

struct JSONReader {
    /// Deeper nesting is refused rather than risking the stack in the recursive reader and writers.
    static let maxDepth = 1000

    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    private init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLError) -> Value {
        var reader = JSONReader(bytes)
        reader.skipSpace()
        let v = try reader.value()
        reader.skipSpace()
        if reader.i < bytes.count { throw reader.error("invalid character \(reader.quoted(reader.i)) after top-level value") }
        return v
    }

    // MARK: - Errors

    private func error(_ message: String, at offset: Int? = nil) -> YAMLError {
        let end = min(offset ?? i, b.count)
        var line = 1, column = 1
        for k in 0..<end {
            let c = b[k]
            if c == UInt8(ascii: "\n") { line += 1; column = 1 } else if c & 0xC0 != 0x80 { column += 1 }
        }
        return YAMLError(message: message, line: line, column: column)
    }

    private func quoted(_ k: Int) -> String {
        guard k < b.count else { return "end of input" }
        let c = b[k]
        switch c {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(c)))'"
        default:
            let h = String(c, radix: 16, uppercase: false)
            return "'\\x\(h.count < 2 ? "0" + h : h)'"
        }
    }

    private func unexpectedEnd() -> YAMLError { error("unexpected end of JSON input") }

    // MARK: - Values

    private mutating func skipSpace() {
        while i < b.count {
            switch b[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func value() throws(YAMLError) -> Value {
        guard i < b.count else { throw unexpectedEnd() }
        switch b[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("invalid character \(quoted(i)) looking for beginning of value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(YAMLError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for c in w {
            guard i < b.count else { throw unexpectedEnd() }
            guard b[i] == c else { throw error("invalid character \(quoted(i)) in literal \(word) (expecting '\(Character(Unicode.Scalar(c)))')") }
            i += 1
        }
    }

    private mutating func enter() throws(YAMLError) {
        depth += 1
        if depth > Self.maxDepth { throw error("exceeded max depth of \(Self.maxDepth)") }
    }

    private mutating func object() throws(YAMLError) -> Value {
        try enter()
        defer { depth -= 1 }
        i += 1
        var object = Value.Object()
        skipSpace()
        guard i < b.count else { throw unexpectedEnd() }
        if b[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
        while true {
            skipSpace()
            guard i < b.count else { throw unexpectedEnd() }
            guard b[i] == UInt8(ascii: "\"") else {
                throw error("invalid character \(quoted(i)) looking for beginning of object key string")
            }
            let key = try string()
            skipSpace()
            guard i < b.count else { throw unexpectedEnd() }
            guard b[i] == UInt8(ascii: ":") else { throw error("invalid character \(quoted(i)) after object key") }
            i += 1
            skipSpace()
            object[key] = try value()
            skipSpace()
            guard i < b.count else { throw unexpectedEnd() }
            switch b[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"): i += 1; return .object(object)
            default: throw error("invalid character \(quoted(i)) after object key:value pair")
            }
        }
    }

    private mutating func array() throws(YAMLError) -> Value {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [Value] = []
        skipSpace()
        guard i < b.count else { throw unexpectedEnd() }
        if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < b.count else { throw unexpectedEnd() }
            switch b[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"): i += 1; return .array(items)
            default: throw error("invalid character \(quoted(i)) after array element")
            }
        }
    }

    // MARK: - Numbers

    private mutating func number() throws(YAMLError) -> Value {
        let start = i
        var negative = false
        if b[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
            guard i < b.count else { throw unexpectedEnd() }
        }
        func isDigit(_ k: Int) -> Bool { k < b.count && b[k] >= 48 && b[k] <= 57 }
        guard isDigit(i) else { throw error("invalid character \(quoted(i)) in numeric literal") }
        var magnitude: UInt64 = 0
        var overflow = false
        if b[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while isDigit(i) {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(b[i] - 48))
                if o1 || o2 { overflow = true }
                magnitude = a
                i += 1
            }
        }
        var isFloat = false
        if i < b.count, b[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            guard isDigit(i) else {
                if i >= b.count { throw unexpectedEnd() }
                throw error("invalid character \(quoted(i)) after decimal point in numeric literal")
            }
            while isDigit(i) { i += 1 }
        }
        if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
            isFloat = true
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else {
                if i >= b.count { throw unexpectedEnd() }
                throw error("invalid character \(quoted(i)) in exponent of numeric literal")
            }
            while isDigit(i) { i += 1 }
        }
        if !isFloat && !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            } else {
                return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .uint(magnitude)
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw error("number \(text) is out of range", at: start)
        }
        return .double(d)
    }

    // MARK: - Strings

    private mutating func string() throws(YAMLError) -> String {
        let open = i
        i += 1
        // Fast path: plain ASCII without escapes is copied in one go.
        var k = i
        while k < b.count {
            let c = b[k]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[i..<k]), as: UTF8.self)
                i = k + 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
            k += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<k]))
        i = k
        while true {
            guard i < b.count else { throw error("unexpected end of JSON input (unterminated string)", at: open) }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw error("invalid character \(quoted(i)) in string literal") }
            if c == UInt8(ascii: "\\") {
                try escape()
                continue
            }
            if c < 0x80 { scratch.append(c); i += 1; continue }
            let n = Self.validUTF8Length(b, i)
            if n == 0 {
                scratch.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            } else {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<(i + n)]))
                i += n
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    private mutating func escape() throws(YAMLError) {
        i += 1
        guard i < b.count else { throw unexpectedEnd() }
        let c = b[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(c)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate pairs with an immediately following \uDC00-\uDFFF.
                if i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                        i = save
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
            }
            let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            scratch.append(contentsOf: String(Character(u)).utf8)
        default:
            throw error("invalid character \(quoted(i - 1)) in string escape code", at: i - 1)
        }
    }

    private mutating func hex4() throws(YAMLError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < b.count else { throw unexpectedEnd() }
            let c = b[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
            default: throw error("invalid character \(quoted(i)) in \\u hexadecimal character escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// Length of the valid UTF-8 sequence at k, or 0 when the byte there starts none
    /// (Go then substitutes U+FFFD for that single byte).
    static func validUTF8Length(_ b: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int {
        let c0 = b[k]
        func cont(_ j: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            j < b.count && b[j] >= lo && b[j] <= hi
        }
        switch c0 {
        case 0xC2...0xDF: return cont(k + 1) ? 2 : 0
        case 0xE0: return cont(k + 1, 0xA0, 0xBF) && cont(k + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(k + 1) && cont(k + 2) ? 3 : 0
        case 0xED: return cont(k + 1, 0x80, 0x9F) && cont(k + 2) ? 3 : 0
        case 0xF0: return cont(k + 1, 0x90, 0xBF) && cont(k + 2) && cont(k + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(k + 1) && cont(k + 2) && cont(k + 3) ? 4 : 0
        case 0xF4: return cont(k + 1, 0x80, 0x8F) && cont(k + 2) && cont(k + 3) ? 4 : 0
        default: return 0
        }
    }
}
