/// URL handling the registry client needs, done on strings so the rules are explicit: resolving
/// a `Link` or `Location` against the request URL (RFC 3986 section 5.2), comparing origins, and
/// form/query encoding.
struct WebURL: Equatable {
    var scheme: String
    /// `host[:port]` as written, host lower-cased.
    var authority: String
    /// Path plus query, starting with `/`.
    var pathAndQuery: String

    init(scheme: String, authority: String, pathAndQuery: String) {
        self.scheme = scheme; self.authority = authority; self.pathAndQuery = pathAndQuery
    }

    /// Only absolute http(s) URLs; anything else (file://, data:, relative) is nil.
    init?(_ text: String) {
        guard let sep = text.range(of: "://") else { return nil }
        let scheme = text[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = text[sep.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<end]
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(where: { $0 == " " || $0 == "\\" })
        else { return nil }
        var pq = String(rest[end...])
        if pq.isEmpty || pq.hasPrefix("?") { pq = "/" + pq }
        self.init(scheme: scheme, authority: Self.lowercasedHost(authority), pathAndQuery: pq)
    }

    var string: String { "\(scheme)://\(authority)\(pathAndQuery)" }

    /// Authority with the default port made explicit, so `https://h` and `https://h:443` compare equal.
    var origin: String {
        let defaultPort = scheme == "https" ? "443" : "80"
        let hasPort: Bool
        if authority.hasPrefix("[") { hasPort = authority.contains("]:") } else { hasPort = authority.contains(":") }
        return "\(scheme)://\(hasPort ? authority : authority + ":" + defaultPort)"
    }

    /// `host[:port]` of the authority, exactly as registry names are written.
    var hostPort: String { authority }

    private static func lowercasedHost(_ authority: Substring) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return authority[...close].lowercased() + authority[authority.index(after: close)...]
        }
        if let colon = authority.lastIndex(of: ":") {
            return authority[..<colon].lowercased() + authority[colon...]
        }
        return authority.lowercased()
    }

    /// Resolves `reference` (absolute, scheme-relative, absolute-path, query-only or relative
    /// path) against this URL; nil for non-web schemes such as `file:`.
    func resolve(_ reference: String) -> WebURL? {
        var ref = reference.trimmingSpaces
        if let hash = ref.firstIndex(of: "#") { ref = String(ref[..<hash]) }
        if let colon = ref.firstIndex(of: ":"), Self.isScheme(ref[..<colon]) {
            return WebURL(ref)
        }
        if ref.hasPrefix("//") { return WebURL(scheme + ":" + ref) }
        let (basePath, _) = split(pathAndQuery)
        if ref.isEmpty { return self }
        if ref.hasPrefix("?") { return WebURL(scheme: scheme, authority: authority, pathAndQuery: basePath + ref) }
        let (refPath, refQuery) = split(ref)
        let merged: String
        if refPath.hasPrefix("/") {
            merged = refPath
        } else {
            let dir = basePath.lastIndex(of: "/").map { String(basePath[...$0]) } ?? "/"
            merged = dir + refPath
        }
        return WebURL(scheme: scheme, authority: authority, pathAndQuery: Self.removeDotSegments(merged) + refQuery)
    }

    private func split(_ s: String) -> (String, String) {
        guard let q = s.firstIndex(of: "?") else { return (s, "") }
        return (String(s[..<q]), String(s[q...]))
    }

    private static func isScheme(_ s: Substring) -> Bool {
        guard let first = s.first, first.isASCII, first.isLetter else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    static func removeDotSegments(_ path: String) -> String {
        var out: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (i, seg) in segments.enumerated() {
            let last = i == segments.count - 1
            switch seg {
            case ".": if last { out.append("") }
            case "..":
                if out.count > 1 { out.removeLast() }
                if last { out.append("") }
            default: out.append(seg)
            }
        }
        let joined = out.joined(separator: "/")
        return joined.hasPrefix("/") ? joined : "/" + joined
    }

    /// application/x-www-form-urlencoded / query component encoding (unreserved kept).
    static func formEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }

    static func formBody(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }
}

/// RFC 8288 `Link` header values: `<url>; rel="next", <url2>; rel="prev"`.
enum LinkHeader {
    struct Entry: Equatable { var target: String; var rel: String? }

    static func parse(_ header: String) -> [Entry] {
        var entries: [Entry] = []
        var rest = Substring(header)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let target = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            // Parameters run to the next `,` that is outside quotes (and before the next `<`).
            var params = Substring("")
            var inQuotes = false
            var idx = rest.startIndex
            while idx < rest.endIndex {
                let c = rest[idx]
                if c == "\"" { inQuotes.toggle() }
                if c == "," && !inQuotes { break }
                idx = rest.index(after: idx)
            }
            params = rest[..<idx]
            rest = idx < rest.endIndex ? rest[rest.index(after: idx)...] : rest[idx...]
            var rel: String?
            for p in params.split(separator: ";") {
                let kv = p.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, kv[0].trimmingSpaces.lowercased() == "rel" else { continue }
                var v = kv[1].trimmingSpaces
                if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                rel = v.lowercased()
            }
            entries.append(Entry(target: target, rel: rel))
        }
        return entries
    }

    /// The next page: the `rel="next"` entry; when no entry has a `rel` at all, the first one
    /// (ggcr follows the first `<…>` regardless of `rel`, and some registries omit it).
    static func next(_ headers: [String]) -> String? {
        let entries = headers.flatMap { parse($0) }
        if let n = entries.first(where: { ($0.rel ?? "").split(separator: " ").contains("next") }) { return n.target }
        if entries.allSatisfy({ $0.rel == nil }) { return entries.first?.target }
        return nil
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
