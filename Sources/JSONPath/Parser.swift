import GoCompat

// A parser for Kubernetes' JSONPath dialect with the grammar, quirks and error texts of
// k8s.io/client-go/util/jsonpath (parser.go): text outside `{}` is literal, actions are
// scanned rune by rune, sub-expressions (union members, `['key']`, filter sides) are parsed
// again as `{...}` on their own. Written as loops rather than Go's mutual recursion so that
// a long template cannot exhaust the stack.

struct Parser {
    private let input: [UInt8]
    private var pos = 0
    private var start = 0
    private var width = 0

    private static let eof: Int32 = -1

    private init(_ text: String) { input = Array(text.utf8) }

    /// The whole template: literal text and actions at the top level.
    static func parse(_ text: String) throws(JSONPathError) -> [Node] {
        var parser = Parser(text)
        return try parser.parseTemplate()
    }

    /// client-go's parseAction: `text` parsed as `{text}`; the first node (always that action's
    /// list) is what counts, anything after a stray `}` is dropped as Go drops it.
    static func parseAction(_ text: String) throws(JSONPathError) -> [Node] {
        let nodes = try parse("{" + text + "}")
        if case .list(let steps)? = nodes.first { return steps }
        return []
    }

    // MARK: - Runes

    private mutating func next() -> Int32 {
        guard pos < input.count else { width = 0; return Self.eof }
        let (scalar, w) = Self.decode(input, at: pos)
        width = w
        pos += w
        return scalar
    }

    private mutating func peek() -> Int32 {
        let r = next()
        backup()
        return r
    }

    private mutating func backup() { pos -= width }

    private mutating func consumeText() -> String {
        let text = String(decoding: input[start..<pos], as: UTF8.self)
        start = pos
        return text
    }

    private mutating func skipText() { start = pos }

    private func hasPrefix(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard pos + n <= input.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where input[pos + k] != p[k] { return false }
        return true
    }

    /// utf8.DecodeRune: the scalar and its width; a bad byte is U+FFFD of width 1.
    static func decode(_ b: [UInt8], at i: Int) -> (Int32, Int) {
        let c0 = b[i]
        if c0 < 0x80 { return (Int32(c0), 1) }
        func cont(_ k: Int) -> UInt32? {
            guard i + k < b.count, b[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(b[i + k] & 0x3F)
        }
        if c0 & 0xE0 == 0xC0, let c1 = cont(1) {
            let v = UInt32(c0 & 0x1F) << 6 | c1
            if v >= 0x80 { return (Int32(v), 2) }
        } else if c0 & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) {
            let v = UInt32(c0 & 0x0F) << 12 | c1 << 6 | c2
            if v >= 0x800, !(0xD800...0xDFFF).contains(v) { return (Int32(v), 3) }
        } else if c0 & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            let v = UInt32(c0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if v >= 0x10000, v <= 0x10FFFF { return (Int32(v), 4) }
        }
        return (0xFFFD, 1)
    }

    // MARK: - Character classes (Go's unicode package)

    private static func isSpace(_ r: Int32) -> Bool { r == 0x20 || r == 0x09 }
    private static func isEndOfLine(_ r: Int32) -> Bool { r == 0x0D || r == 0x0A }

    private static func isTerminator(_ r: Int32) -> Bool {
        if isSpace(r) || isEndOfLine(r) { return true }
        switch r {
        case eof, 0x2E /* . */, 0x2C /* , */, 0x5B /* [ */, 0x5D /* ] */, 0x24 /* $ */, 0x40 /* @ */,
             0x7B /* { */, 0x7D /* } */:
            return true
        default: return false
        }
    }

    /// unicode.IsDigit: ASCII digits and every other decimal digit (category Nd).
    static func isDigit(_ r: Int32) -> Bool {
        if r >= 0x30 && r <= 0x39 { return true }
        guard r >= 0x80, let s = Unicode.Scalar(UInt32(r)) else { return false }
        return s.properties.generalCategory == .decimalNumber
    }

    /// unicode.IsLetter: categories Lu, Ll, Lt, Lm, Lo.
    static func isLetter(_ r: Int32) -> Bool {
        if r < 0x80 { return (r >= 0x41 && r <= 0x5A) || (r >= 0x61 && r <= 0x7A) }
        guard let s = Unicode.Scalar(UInt32(r)) else { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    private static func isAlphaNumeric(_ r: Int32) -> Bool { r == 0x5F || isLetter(r) || isDigit(r) }

    // MARK: - Template

    private mutating func parseTemplate() throws(JSONPathError) -> [Node] {
        var root: [Node] = []
        while true {
            // Literal text up to the next `{`.
            var sawDelimiter = false
            while true {
                if hasPrefix("{") { sawDelimiter = true; break }
                if next() == Self.eof { break }
            }
            if pos > start { root.append(.text(consumeText())) }
            guard sawDelimiter else { return root }
            pos += 1
            skipText()
            root.append(.list(try parseInsideAction()))
        }
    }

    /// The steps of one action, up to and including its `}`.
    private mutating func parseInsideAction() throws(JSONPathError) -> [Node] {
        var cur: [Node] = []
        while true {
            if hasPrefix("}") {
                pos += 1
                skipText()
                return cur
            }
            if hasPrefix("[?(") { try parseFilter(&cur); continue }
            if hasPrefix("..") { try parseRecursive(&cur); continue }
            let r = next()
            switch r {
            case Self.eof, 0x0D, 0x0A:
                throw JSONPathError("unclosed action")
            case 0x20:
                skipText()
            case 0x40, 0x24: // @ and $ name the current object: nothing to do
                skipText()
            case 0x5B:
                try parseArray(&cur)
            case 0x22, 0x27:
                try parseQuote(&cur, end: r)
            case 0x2E:
                parseField(&cur)
            case _ where r == 0x2B || r == 0x2D || Self.isDigit(r):
                backup()
                try parseNumber(&cur)
            case _ where Self.isAlphaNumeric(r):
                backup()
                parseIdentifier(&cur)
            default:
                let scalar = Unicode.Scalar(UInt32(r)) ?? "\u{FFFD}"
                throw JSONPathError("unrecognized character in action: \(GoQuote.unicodeFormat(scalar))")
            }
        }
    }

    private mutating func parseIdentifier(_ cur: inout [Node]) {
        while true {
            if Self.isTerminator(next()) { backup(); break }
        }
        let value = consumeText()
        if value == "true" || value == "false" {
            cur.append(.bool(value == "true"))
        } else {
            cur.append(.identifier(value))
        }
    }

    private mutating func parseRecursive(_ cur: inout [Node]) throws(JSONPathError) {
        if case .recursive? = cur.last { throw JSONPathError("invalid multiple recursive descent") }
        pos += 2
        skipText()
        cur.append(.recursive)
        if Self.isAlphaNumeric(peek()) { parseField(&cur) }
    }

    private mutating func parseNumber(_ cur: inout [Node]) throws(JSONPathError) {
        let r = peek()
        if r == 0x2B || r == 0x2D { _ = next() }
        while true {
            let c = next()
            if c != 0x2E && !Self.isDigit(c) { backup(); break }
        }
        let value = consumeText()
        // strconv.Atoi, then strconv.ParseFloat; the text holds only a sign, digits and dots.
        if let i = Int(value) {
            cur.append(.int(i))
        } else if value.utf8.allSatisfy({ $0 < 0x80 }), let d = Double(value), d.isFinite {
            cur.append(.float(d))
        } else {
            throw JSONPathError("cannot parse number \(value)")
        }
    }

    private mutating func parseArray(_ cur: inout [Node]) throws(JSONPathError) {
        while true {
            let r = next()
            if r == Self.eof || r == 0x0A { throw JSONPathError("unterminated array") }
            if r == 0x5D { break }
        }
        let raw = Array(consumeText().utf8)
        var text = Array(raw[1..<(raw.count - 1)])
        if text == [UInt8(ascii: "*")] { text = [UInt8(ascii: ":")] }

        // A union: each member parsed on its own as `[member]`.
        let parts = text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        if parts.count > 1 {
            var members: [[Node]] = []
            for part in parts {
                members.append(try Parser.parseAction("[" + Self.trimSpaces(part) + "]"))
            }
            cur.append(.union(members))
            return
        }

        // `['key']`: the key is parsed as `.key`, so its dots are separators unless escaped.
        let apostrophe = UInt8(ascii: "'")
        if text.count >= 2, text.first == apostrophe, text.last == apostrophe,
           !text[1..<(text.count - 1)].contains(apostrophe) {
            cur.append(contentsOf: try Parser.parseAction("." + Self.string(text[1..<(text.count - 1)])))
            return
        }

        guard let groups = Self.sliceGroups(text) else {
            throw JSONPathError("invalid array index \(Self.string(text))")
        }
        var bounds = [SliceBound](repeating: SliceBound(value: 0, known: false), count: 3)
        for i in 0..<3 {
            if var g = groups[i], !g.isEmpty {
                if i > 0 { g.removeFirst() }
                if i > 0 && g.isEmpty {
                    bounds[i].known = false
                } else {
                    guard let v = Int(g) else { throw JSONPathError("array index \(g) is not a number") }
                    bounds[i].known = true
                    bounds[i].value = v
                }
            } else if i == 1 {
                bounds[i] = SliceBound(value: bounds[0].value &+ 1, known: true, derived: true)
            }
        }
        cur.append(.array(bounds[0], bounds[1], bounds[2]))
    }

    /// strings.Trim(s, " ").
    private static func trimSpaces(_ s: ArraySlice<UInt8>) -> String {
        var t = s
        while t.first == 0x20 { t.removeFirst() }
        while t.last == 0x20 { t.removeLast() }
        return string(t)
    }

    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }

    /// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`: the three groups (nil when a group took no part).
    static func sliceGroups(_ b: [UInt8]) -> [String?]? {
        var i = 0
        func number() -> String {
            let s = i
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return String(decoding: b[s..<i], as: UTF8.self)
        }
        var groups: [String?] = [number(), nil, nil]
        for g in 1...2 {
            guard i < b.count, b[i] == UInt8(ascii: ":") else { break }
            i += 1
            groups[g] = ":" + number()
        }
        return i == b.count ? groups : nil
    }

    private mutating func parseFilter(_ cur: inout [Node]) throws(JSONPathError) {
        pos += 3
        skipText()
        var begin = false, end = false
        var pair: Int32 = 0
        scan: while true {
            let r = next()
            switch r {
            case Self.eof, 0x0A:
                throw JSONPathError("unterminated filter")
            case 0x22, 0x27:
                if !begin { begin = true; pair = r; continue }
                if input[pos - 2] != UInt8(ascii: "\\") && r == pair { end = true }
            case 0x29:
                // Quotes appear at most once on the right side: a `)` ends the filter outside them.
                if begin == end { break scan }
            default: break
            }
        }
        if next() != 0x5D { throw JSONPathError("unclosed array expect ]") }
        let consumed = Array(consumeText().utf8)
        let text = Self.string(consumed[..<(consumed.count - 2)])
        if let (left, op, right) = Self.splitComparison(text) {
            cur.append(.filter(left: try Parser.parseAction(left), right: try Parser.parseAction(right), op: op))
        } else {
            cur.append(.filter(left: try Parser.parseAction(text), right: [], op: "exists"))
        }
    }

    /// `^([^!<>=]+)([!<>=]+)(.+?)$` as Go's regexp matches it.
    static func splitComparison(_ text: String) -> (String, String, String)? {
        let b = Array(text.utf8)
        func isOp(_ c: UInt8) -> Bool { c == 0x21 || c == 0x3C || c == 0x3E || c == 0x3D }
        guard let first = b.firstIndex(where: isOp), first > 0 else { return nil }
        var opEnd = first
        while opEnd < b.count, isOp(b[opEnd]) { opEnd += 1 }
        // `(.+?)$` needs one character at least (and `.` does not match a newline).
        if opEnd == b.count {
            guard opEnd - first >= 2 else { return nil }
            opEnd -= 1
        }
        if b[opEnd...].contains(0x0A) { return nil }
        return (String(decoding: b[..<first], as: UTF8.self),
                String(decoding: b[first..<opEnd], as: UTF8.self),
                String(decoding: b[opEnd...], as: UTF8.self))
    }

    private mutating func parseQuote(_ cur: inout [Node], end: Int32) throws(JSONPathError) {
        while true {
            let r = next()
            if r == Self.eof || r == 0x0A { throw JSONPathError("unterminated quoted string") }
            if r == end && input[pos - 2] != UInt8(ascii: "\\") { break }
        }
        let value = consumeText()
        guard let text = Self.unquoteExtend(Array(value.utf8)) else {
            throw JSONPathError("unquote string \(value) error invalid syntax")
        }
        cur.append(.text(text))
    }

    private mutating func parseField(_ cur: inout [Node]) {
        skipText()
        while true {
            let r = next()
            if r == 0x5C { _ = next(); continue }
            if Self.isTerminator(r) { backup(); break }
        }
        let value = consumeText()
        if value == "*" {
            cur.append(.wildcard)
        } else {
            cur.append(.field(value.replacingAll("\\", with: "")))
        }
    }

    // MARK: - Quoted strings

    /// client-go's UnquoteExtend: strconv.Unquote that also takes single-quoted strings of any
    /// length. nil is Go's "invalid syntax".
    static func unquoteExtend(_ s: [UInt8]) -> String? {
        guard s.count >= 2, let quote = s.first, s.last == quote,
              quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        var body = s[1..<(s.count - 1)]
        if !body.contains(UInt8(ascii: "\\")) && !body.contains(quote) {
            return String(decoding: body, as: UTF8.self)
        }
        var out: [UInt8] = []
        while !body.isEmpty {
            guard let (bytes, rest) = unquoteChar(body, quote: quote) else { return nil }
            out.append(contentsOf: bytes)
            body = rest
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// strconv.UnquoteChar: the bytes one (possibly escaped) character stands for, and the rest.
    private static func unquoteChar(_ s: ArraySlice<UInt8>, quote: UInt8) -> ([UInt8], ArraySlice<UInt8>)? {
        let c = s[s.startIndex]
        if c == quote { return nil }
        if c >= 0x80 {
            let (r, w) = decode(Array(s.prefix(4)), at: 0)
            return (utf8Bytes(UInt32(r)), s.dropFirst(w))
        }
        if c != UInt8(ascii: "\\") { return ([c], s.dropFirst()) }
        guard s.count >= 2 else { return nil }
        let e = s[s.startIndex + 1]
        var rest = s.dropFirst(2)
        switch e {
        case UInt8(ascii: "a"): return ([0x07], rest)
        case UInt8(ascii: "b"): return ([0x08], rest)
        case UInt8(ascii: "f"): return ([0x0C], rest)
        case UInt8(ascii: "n"): return ([0x0A], rest)
        case UInt8(ascii: "r"): return ([0x0D], rest)
        case UInt8(ascii: "t"): return ([0x09], rest)
        case UInt8(ascii: "v"): return ([0x0B], rest)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
            guard rest.count >= n else { return nil }
            var v: UInt32 = 0
            for d in rest.prefix(n) {
                guard let h = hexValue(d) else { return nil }
                v = v << 4 | h
            }
            rest = rest.dropFirst(n)
            if e == UInt8(ascii: "x") { return ([UInt8(v)], rest) }
            guard v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { return nil }
            return (v < 0x80 ? [UInt8(v)] : utf8Bytes(v), rest)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard rest.count >= 2 else { return nil }
            var v = UInt32(e - 0x30)
            for d in rest.prefix(2) {
                guard d >= 0x30, d <= 0x37 else { return nil }
                v = v << 3 | UInt32(d - 0x30)
            }
            guard v <= 255 else { return nil }
            return ([UInt8(v)], rest.dropFirst(2))
        case UInt8(ascii: "\\"): return ([e], rest)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard e == quote else { return nil }
            return ([e], rest)
        default: return nil
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: return UInt32(c - 0x30)
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        default: return nil
        }
    }

    private static func utf8Bytes(_ v: UInt32) -> [UInt8] {
        guard let s = Unicode.Scalar(v) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(s)).utf8)
    }
}

extension String {
    /// strings.Replace(s, old, new, -1) on bytes (Swift's own replacement works on characters).
    func replacingAll(_ old: String, with new: String) -> String {
        let b = Array(utf8), o = Array(old.utf8)
        guard !o.isEmpty, b.count >= o.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if i + o.count <= b.count, b[i..<(i + o.count)].elementsEqual(o) {
                out.append(contentsOf: new.utf8)
                i += o.count
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
