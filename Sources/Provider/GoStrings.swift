/// Byte-wise `strings.Split` and `strings.Replace(s, old, new, 1)`: Swift's String operations
/// compare by Unicode equivalence, Go's by bytes, and the constraint grammar needs Go's.
enum GoStrings {
    static func split(_ s: String, _ sep: String) -> [String] {
        let b = Array(s.utf8), p = Array(sep.utf8)
        var parts: [String] = []
        var start = 0, i = 0
        while !p.isEmpty, i + p.count <= b.count {
            if b[i..<(i + p.count)].elementsEqual(p) {
                parts.append(String(decoding: b[start..<i], as: UTF8.self))
                i += p.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: b[start...], as: UTF8.self))
        return parts
    }

    static func replaceFirst(_ s: String, _ old: String, with new: String) -> String {
        let b = Array(s.utf8), p = Array(old.utf8)
        guard !p.isEmpty, p.count <= b.count else { return s }
        for i in 0...(b.count - p.count) where b[i..<(i + p.count)].elementsEqual(p) {
            return String(decoding: b[..<i] + Array(new.utf8) + b[(i + p.count)...], as: UTF8.self)
        }
        return s
    }
}
