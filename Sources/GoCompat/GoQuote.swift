// Go's strconv.Quote / Unquote and %U, which template messages and `quote`/%q depend on.

public enum GoQuote {
    /// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    public static func isPrint(_ s: Unicode.Scalar) -> Bool {
        if s == " " { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
             .paragraphSeparator, .spaceSeparator:
            return false
        default: return true
        }
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        var s = String(v, radix: 16)
        while s.count < width { s = "0" + s }
        return s
    }

    /// strconv.Quote.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where isPrint(s): out.unicodeScalars.append(s)
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if s.value < 0x20 || s.value == 0x7F { out += "\\x" + hex(s.value, width: 2) }
                else if s.value < 0x10000 { out += "\\u" + hex(s.value, width: 4) }
                else { out += "\\U" + hex(s.value, width: 8) }
            }
        }
        return out + "\""
    }

    /// The `time` package's own quoting (ParseDuration and Parse errors): double quotes, `"`
    /// and `\` escaped, every byte of a non-ASCII or control character as `\xNN`.
    public static func timeQuote(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            if s.value >= 0x80 || s.value < 0x20 {
                for b in String(s).utf8 { out += "\\x" + hex(UInt32(b), width: 2) }
            } else {
                if s == "\"" || s == "\\" { out += "\\" }
                out.unicodeScalars.append(s)
            }
        }
        return out + "\""
    }

    /// fmt's %#U: `U+0001`, or `U+00E9 'é'` when printable.
    public static func unicodeFormat(_ s: Unicode.Scalar) -> String {
        let code = "U+" + hex(s.value, width: 4).uppercased()
        return isPrint(s) ? code + " '\(Character(s))'" : code
    }

    /// strconv.Unquote for "...", `...` and '...'; nil means Go's "invalid syntax".
    public static func unquote(_ quoted: String) -> String? {
        let scalars = Array(quoted.unicodeScalars)
        guard scalars.count >= 2, let q = scalars.first, scalars.last == q else { return nil }
        let body = scalars[1..<(scalars.count - 1)]
        if q == "`" {
            guard !body.contains("`") else { return nil }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: body.filter { $0 != "\r" })
            return String(s)
        }
        guard q == "\"" || q == "'" else { return nil }
        var out = String.UnicodeScalarView()
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            if c == q || c == "\n" { return nil }
            if c != "\\" { out.append(c); i += 1; continue }
            i += 1
            guard i < body.endIndex else { return nil }
            let e = body[i]; i += 1
            switch e {
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "\"", "'":
                guard e == q else { return nil }
                out.append(e)
            case "x", "u", "U":
                let n = e == "x" ? 2 : e == "u" ? 4 : 8
                guard body.distance(from: i, to: body.endIndex) >= n else { return nil }
                let digits = String(String.UnicodeScalarView(body[i..<body.index(i, offsetBy: n)]))
                guard let v = UInt32(digits, radix: 16) else { return nil }
                i = body.index(i, offsetBy: n)
                if e == "x" {
                    // A \x byte: only valid UTF-8 survives in a Swift String; treat as Latin-1 scalar.
                    guard let s = Unicode.Scalar(v) else { return nil }
                    out.append(s)
                } else {
                    guard let s = Unicode.Scalar(v) else { return nil }
                    out.append(s)
                }
            case "0"..."7":
                guard body.distance(from: i, to: body.endIndex) >= 2 else { return nil }
                let digits = String(String.UnicodeScalarView([e] + body[i..<body.index(i, offsetBy: 2)]))
                guard let v = UInt32(digits, radix: 8), v <= 255, let s = Unicode.Scalar(v) else { return nil }
                i = body.index(i, offsetBy: 2)
                out.append(s)
            default: return nil
            }
        }
        if q == "'" && out.count != 1 { return nil }
        return String(out)
    }
}
