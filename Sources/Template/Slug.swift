// gosimple/slug's Make as Flux configures it (MaxLength 63, EnableSmartTruncate):
// trim, `&`→"and" and `@`→"at" (English substitutions), transliterate to ASCII (unidecode),
// lowercase, every run of characters outside [A-Za-z0-9_-] becomes "-", runs of "-" collapse,
// "-" and "_" are trimmed at both ends, then cut at the last "-" at or before byte 63.

enum Slug {
    static let maxLength = 63

    /// unidecode for the Latin letters seen in names; other non-ASCII characters are dropped
    /// (unidecode would transliterate e.g. CJK or Cyrillic: a known gap).
    private static let table: [Unicode.Scalar: String] = {
        var t: [Unicode.Scalar: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅĀĂĄ", "A"), ("àáâãäåāăą", "a"), ("ÇĆĈĊČ", "C"), ("çćĉċč", "c"), ("ĎĐ", "D"), ("ďđ", "d"),
            ("ÈÉÊËĒĔĖĘĚ", "E"), ("èéêëēĕėęě", "e"), ("ĜĞĠĢ", "G"), ("ĝğġģ", "g"), ("ĤĦ", "H"), ("ĥħ", "h"),
            ("ÌÍÎÏĨĪĬĮİ", "I"), ("ìíîïĩīĭįı", "i"), ("Ĵ", "J"), ("ĵ", "j"), ("Ķ", "K"), ("ķ", "k"),
            ("ĹĻĽĿŁ", "L"), ("ĺļľŀł", "l"), ("ÑŃŅŇ", "N"), ("ñńņňŉ", "n"), ("ÒÓÔÕÖØŌŎŐ", "O"),
            ("òóôõöøōŏő", "o"), ("ŔŖŘ", "R"), ("ŕŗř", "r"), ("ŚŜŞŠȘ", "S"), ("śŝşšș", "s"), ("ŢŤŦȚ", "T"),
            ("ţťŧț", "t"), ("ÙÚÛÜŨŪŬŮŰŲ", "U"), ("ùúûüũūŭůűų", "u"), ("Ŵ", "W"), ("ŵ", "w"), ("ÝŶŸ", "Y"),
            ("ýÿŷ", "y"), ("ŹŻŽ", "Z"), ("źżž", "z"),
        ]
        for (chars, ascii) in groups { for c in chars.unicodeScalars { t[c] = ascii } }
        let singles: [(Unicode.Scalar, String)] = [
            ("ß", "ss"), ("Æ", "AE"), ("æ", "ae"), ("Œ", "OE"), ("œ", "oe"), ("Þ", "Th"), ("þ", "th"),
            ("Ð", "D"), ("ð", "d"), ("Ĳ", "IJ"), ("ĳ", "ij"), ("×", "x"), ("–", "-"), ("—", "--"),
            ("‘", "'"), ("’", "'"), ("“", "\""), ("”", "\""), ("…", "..."), ("€", "EUR"), ("©", "(c)"),
        ]
        for (c, ascii) in singles { t[c] = ascii }
        return t
    }()

    static func make(_ input: String) -> String {
        var s = Functions.trimSpace(input)
        var substituted = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": substituted += "and"
            case "@": substituted += "at"
            default:
                if c.isASCII { substituted.unicodeScalars.append(c) } else { substituted += table[c] ?? "" }
            }
        }
        s = substituted.lowercased()
        // Replace unauthorised characters, collapse dashes.
        var out: [UInt8] = []
        for b in s.utf8 {
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            let ch = ok ? b : UInt8(ascii: "-")
            if ch == UInt8(ascii: "-"), out.last == UInt8(ascii: "-") { continue }
            out.append(ch)
        }
        while let f = out.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "_") { out.removeFirst() }
        while let l = out.last, l == UInt8(ascii: "-") || l == UInt8(ascii: "_") { out.removeLast() }
        return String(decoding: smartTruncate(out), as: UTF8.self)
    }

    /// Cut at the last "-" at or before index maxLength; a single long word is cut at maxLength.
    private static func smartTruncate(_ text: [UInt8]) -> [UInt8] {
        guard text.count > maxLength else { return text }
        var i = maxLength
        while i >= 0 {
            if text[i] == UInt8(ascii: "-") { return Array(text[..<i]) }
            i -= 1
        }
        return Array(text[..<maxLength])
    }
}
