// go-yaml v2's map key order (sorter.go keyList.Less) for string keys: a "natural" order where
// letters sort before non-letters and runs of digits compare by numeric value. kubectl's
// `-o yaml` goes through it, so `item10` follows `item9` and `a_b` follows `ab`.

enum KeyOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars)
        let br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] { i += 1; continue }
            let al = isLetter(ar[i])
            let bl = isLetter(br[i])
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0
            var bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                // A zero after non-zero digits is part of a number, not a leading zero.
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" { an = 1; bn = 1; break }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) {
                an = an &* 10 &+ Int64(Int32(bitPattern: ar[ai].value &- 48))
                ai += 1
            }
            var bi = i
            while bi < br.count && isDigit(br[bi]) {
                bn = bn &* 10 &+ Int64(Int32(bitPattern: br[bi].value &- 48))
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    /// Go's unicode.IsLetter: categories Lu, Ll, Lt, Lm, Lo.
    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Go's unicode.IsDigit: category Nd.
    private static func isDigit(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s >= "0" && s <= "9" }
        return s.properties.generalCategory == .decimalNumber
    }

    static func sorted(_ keys: [String]) -> [String] {
        keys.sorted(by: less)
    }
}

extension Value {
    /// The same value with every mapping's keys in the order `YAML.emit` writes them: for a
    /// document embedded in one whose own keys keep their order (a fleet's `contexts` wrapper).
    public var keysSortedAsYAML: Value {
        switch self {
        case .array(let items): return .array(items.map(\.keysSortedAsYAML))
        case .object(let object):
            return .object(Value.Object(KeyOrder.sorted(object.keys).compactMap { key in object[key].map { (key, $0.keysSortedAsYAML) } }))
        default: return self
        }
    }
}
