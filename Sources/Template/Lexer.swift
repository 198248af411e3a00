import GoCompat
// Go's text/template lexer (parse/lex.go), over UTF-8 bytes so positions are Go's byte
// offsets. Tokens are produced eagerly up to EOF or the first error; the parser then reads
// the array, which gives it Go's three-token look-ahead for free.

enum TokenKind: Equatable, Sendable {
    case error, bool, char, charConstant, complex, assign, declare, eof, field, identifier
    case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
    // keywords
    case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
    case range, template, with

    var isKeyword: Bool {
        switch self {
        case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword,
             .nilKeyword, .range, .template, .with:
            return true
        default: return false
        }
    }
}

struct Token: Sendable {
    var kind: TokenKind
    var pos: Int
    var val: String
    var line: Int

    /// Go's item.String(), used in "unexpected X in Y" messages.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return val
        case _ where kind.isKeyword: return "<\(val)>"
        default:
            if val.utf8.count > 10 { return GoQuote.quote(String(val.prefix(10))) + "..." }
            return GoQuote.quote(val)
        }
    }
}

private let keywords: [String: TokenKind] = [
    ".": .dot, "block": .block, "break": .breakKeyword, "continue": .continueKeyword, "define": .define,
    "else": .elseKeyword, "end": .end, "if": .ifKeyword, "range": .range, "nil": .nilKeyword,
    "template": .template, "with": .with,
]

struct Lexer {
    private let input: [UInt8]
    private let left: [UInt8]
    private let right: [UInt8]
    private var pos = 0
    private var start = 0
    private var parenDepth = 0
    private var newlines: [Int] = []   // offsets of '\n', for line numbers
    private(set) var tokens: [Token] = []

    init(_ text: String, left: String, right: String) {
        input = Array(text.utf8)
        self.left = Array(left.utf8)
        self.right = Array(right.utf8)
        for (i, b) in input.enumerated() where b == 0x0A { newlines.append(i) }
    }

    static func tokenize(_ text: String, left: String, right: String) -> [Token] {
        var l = Lexer(text, left: left, right: right)
        l.run()
        return l.tokens
    }

    /// 1-based line of a byte offset.
    func line(at offset: Int) -> Int {
        var lo = 0, hi = newlines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if newlines[mid] < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo + 1
    }

    // MARK: - helpers

    private func hasPrefix(_ p: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + p.count <= input.count else { return false }
        for k in 0..<p.count where input[i + k] != p[k] { return false }
        return true
    }

    private func index(of p: [UInt8], from: Int) -> Int? {
        guard !p.isEmpty, from <= input.count - p.count else { return nil }
        var i = from
        while i <= input.count - p.count {
            if input[i] == p[0] && hasPrefix(p, at: i) { return i }
            i += 1
        }
        return nil
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    private func hasLeftTrimMarker(at i: Int) -> Bool {
        i + 1 < input.count && input[i] == UInt8(ascii: "-") && Lexer.isSpace(input[i + 1])
    }

    private func hasRightTrimMarker(at i: Int) -> Bool {
        i >= 0 && i + 1 < input.count && Lexer.isSpace(input[i]) && input[i + 1] == UInt8(ascii: "-")
    }

    private func atRightDelim() -> (delim: Bool, trim: Bool) {
        if hasRightTrimMarker(at: pos) && hasPrefix(right, at: pos + 2) { return (true, true) }
        if hasPrefix(right, at: pos) { return (true, false) }
        return (false, false)
    }

    /// Decodes the scalar at byte offset i (nil at end), with its byte length.
    private func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
        guard i < input.count else { return nil }
        let b0 = input[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var len = 1
        if b0 & 0xE0 == 0xC0 { len = 2 } else if b0 & 0xF0 == 0xE0 { len = 3 } else if b0 & 0xF8 == 0xF0 { len = 4 }
        guard i + len <= input.count else { return (Unicode.Scalar(0xFFFD)!, 1) }
        var v = UInt32(b0) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
        for k in 1..<len { v = (v << 6) | (UInt32(input[i + k]) & 0x3F) }
        return (Unicode.Scalar(v) ?? Unicode.Scalar(0xFFFD)!, len)
    }

    static func isAlphaNumeric(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        if s.isASCII { return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") }
        return s.properties.isAlphabetic || s.properties.numericType == .decimal
    }

    private func isAlphaNumeric(at i: Int) -> Bool {
        guard let (s, _) = scalar(at: i) else { return false }
        return Lexer.isAlphaNumeric(s)
    }

    private func text(_ from: Int, _ to: Int) -> String { String(decoding: input[from..<to], as: UTF8.self) }

    private mutating func emit(_ kind: TokenKind) {
        tokens.append(Token(kind: kind, pos: start, val: text(start, pos), line: line(at: start)))
        start = pos
    }

    /// Records an error token; lexing stops.
    private mutating func fail(_ message: String) {
        tokens.append(Token(kind: .error, pos: start, val: message, line: line(at: start)))
    }

    // MARK: - states

    private enum State { case text, leftDelim, insideAction, done }

    private mutating func run() {
        var state = State.text
        while true {
            switch state {
            case .text: state = lexText()
            case .leftDelim: state = lexLeftDelim()
            case .insideAction: state = lexInsideAction()
            case .done: return
            }
        }
    }

    private mutating func lexText() -> State {
        if let x = index(of: left, from: pos) {
            if x > pos {
                var trimmed = x
                if hasLeftTrimMarker(at: x + left.count) {
                    while trimmed > start && Lexer.isSpace(input[trimmed - 1]) { trimmed -= 1 }
                }
                pos = trimmed
                if pos > start { emit(.text) }
                pos = x
                start = x
            }
            return .leftDelim
        }
        pos = input.count
        if pos > start { emit(.text) }
        tokens.append(Token(kind: .eof, pos: pos, val: "EOF", line: line(at: pos)))
        return .done
    }

    private mutating func lexLeftDelim() -> State {
        pos += left.count
        let trim = hasLeftTrimMarker(at: pos)
        let after = trim ? 2 : 0
        if hasPrefix(Array("/*".utf8), at: pos + after) {
            pos += after
            start = pos
            return lexComment()
        }
        emit(.leftDelim)
        pos += after
        start = pos
        parenDepth = 0
        return .insideAction
    }

    private mutating func lexComment() -> State {
        pos += 2
        guard let x = index(of: Array("*/".utf8), from: pos) else {
            fail("unclosed comment"); return .done
        }
        pos = x + 2
        let (delim, trim) = atRightDelim()
        guard delim else { fail("comment ends before closing delimiter"); return .done }
        if trim { pos += 2 }
        pos += right.count
        if trim { while pos < input.count && Lexer.isSpace(input[pos]) { pos += 1 } }
        start = pos
        return .text
    }

    private mutating func lexRightDelim() -> State {
        let (_, trim) = atRightDelim()
        if trim { pos += 2; start = pos }
        pos += right.count
        emit(.rightDelim)
        if trim {
            while pos < input.count && Lexer.isSpace(input[pos]) { pos += 1 }
            start = pos
        }
        return .text
    }

    private mutating func lexInsideAction() -> State {
        let (delim, _) = atRightDelim()
        if delim {
            if parenDepth == 0 { return lexRightDelim() }
            fail("unclosed left paren"); return .done
        }
        guard let (r, w) = scalar(at: pos) else { fail("unclosed action"); return .done }
        switch r {
        case " ", "\t", "\r", "\n":
            return lexSpace()
        case "=":
            pos += 1; emit(.assign)
        case ":":
            pos += 1
            guard pos < input.count, input[pos] == UInt8(ascii: "=") else { fail("expected :="); return .done }
            pos += 1; emit(.declare)
        case "|":
            pos += 1; emit(.pipe)
        case "\"":
            pos += 1; return lexQuote()
        case "`":
            pos += 1; return lexRawQuote()
        case "$":
            pos += 1; return lexFieldOrVariable(.variable)
        case "'":
            pos += 1; return lexChar()
        case ".":
            if pos + 1 < input.count, !(input[pos + 1] >= 0x30 && input[pos + 1] <= 0x39) {
                pos += 1; return lexFieldOrVariable(.field)
            }
            return lexNumber()
        case "+", "-", "0"..."9":
            return lexNumber()
        case "(":
            pos += 1; parenDepth += 1; emit(.leftParen)
        case ")":
            pos += 1; parenDepth -= 1
            if parenDepth < 0 { fail("unexpected right paren"); return .done }
            emit(.rightParen)
        default:
            if Lexer.isAlphaNumeric(r) { return lexIdentifier() }
            if r.isASCII && r.value >= 0x20 && r.value < 0x7F {
                pos += w; emit(.char)
            } else {
                fail("unrecognized character in action: " + GoQuote.unicodeFormat(r)); return .done
            }
        }
        return .insideAction
    }

    private mutating func lexSpace() -> State {
        var n = 0
        while pos < input.count && Lexer.isSpace(input[pos]) { pos += 1; n += 1 }
        // A trim-marked right delimiter starts with a space: leave that space to it.
        if hasRightTrimMarker(at: pos - 1) && hasPrefix(right, at: pos + 1) {
            pos -= 1
            if n == 1 { return lexRightDelim() }
        }
        emit(.space)
        return .insideAction
    }

    private func atTerminator() -> Bool {
        guard pos < input.count else { return true }
        let b = input[pos]
        if Lexer.isSpace(b) { return true }
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"), UInt8(ascii: "("):
            return true
        default: return hasPrefix(right, at: pos)
        }
    }

    private func badCharacter() -> String {
        if let (s, _) = scalar(at: pos) { return "bad character " + GoQuote.unicodeFormat(s) }
        return "bad character U+FFFFFFFF"  // Go prints eof (-1) this way; unreachable here
    }

    private mutating func lexIdentifier() -> State {
        while let (s, w) = scalar(at: pos), Lexer.isAlphaNumeric(s) { pos += w }
        guard atTerminator() else { fail(badCharacter()); return .done }
        let word = text(start, pos)
        if let k = keywords[word] {
            emit(k)
        } else if word == "true" || word == "false" {
            emit(.bool)
        } else {
            emit(.identifier)
        }
        return .insideAction
    }

    private mutating func lexFieldOrVariable(_ kind: TokenKind) -> State {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return .insideAction
        }
        while let (s, w) = scalar(at: pos), Lexer.isAlphaNumeric(s) { pos += w }
        guard atTerminator() else { fail(badCharacter()); return .done }
        emit(kind)
        return .insideAction
    }

    private mutating func lexChar() -> State {
        while true {
            guard pos < input.count else { fail("unterminated character constant"); return .done }
            let b = input[pos]; pos += 1
            if b == UInt8(ascii: "\\") {
                guard pos < input.count, input[pos] != 0x0A else { fail("unterminated character constant"); return .done }
                pos += 1
            } else if b == 0x0A {
                fail("unterminated character constant"); return .done
            } else if b == UInt8(ascii: "'") {
                break
            }
        }
        emit(.charConstant)
        return .insideAction
    }

    private mutating func accept(_ valid: String) -> Bool {
        if pos < input.count, valid.utf8.contains(input[pos]) { pos += 1; return true }
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while pos < input.count, valid.utf8.contains(input[pos]) { pos += 1 }
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") { digits = "0123456789abcdefABCDEF_" }
            else if accept("oO") { digits = "01234567_" }
            else if accept("bB") { digits = "01_" }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") { _ = accept("+-"); acceptRun("0123456789_") }
        if digits.count == 23 && accept("pP") { _ = accept("+-"); acceptRun("0123456789_") }
        _ = accept("i")
        if isAlphaNumeric(at: pos) {
            if let (_, w) = scalar(at: pos) { pos += w }
            return false
        }
        return true
    }

    private mutating func lexNumber() -> State {
        guard scanNumber() else { fail("bad number syntax: " + GoQuote.quote(text(start, pos))); return .done }
        if pos < input.count, input[pos] == UInt8(ascii: "+") || input[pos] == UInt8(ascii: "-") {
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                fail("bad number syntax: " + GoQuote.quote(text(start, pos))); return .done
            }
            emit(.complex)
            return .insideAction
        }
        emit(.number)
        return .insideAction
    }

    private mutating func lexQuote() -> State {
        while true {
            guard pos < input.count else { fail("unterminated quoted string"); return .done }
            let b = input[pos]; pos += 1
            if b == UInt8(ascii: "\\") {
                guard pos < input.count, input[pos] != 0x0A else { fail("unterminated quoted string"); return .done }
                pos += 1
            } else if b == 0x0A {
                fail("unterminated quoted string"); return .done
            } else if b == UInt8(ascii: "\"") {
                break
            }
        }
        emit(.string)
        return .insideAction
    }

    private mutating func lexRawQuote() -> State {
        while true {
            guard pos < input.count else { fail("unterminated raw quoted string"); return .done }
            let b = input[pos]; pos += 1
            if b == UInt8(ascii: "`") { break }
        }
        emit(.rawString)
        return .insideAction
    }
}
