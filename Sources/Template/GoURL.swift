// Go's net/url, as far as sprig's urlParse and urlJoin reach: url.Parse, URL.String,
// Hostname and Userinfo.String, with Go's escaping rules and error texts.

import GoCompat

struct GoURL {
    var scheme = "", opaque = "", host = "", path = "", rawPath = "", rawQuery = "", fragment = "", rawFragment = ""
    /// Username and, when one was given, password (Go's *Userinfo; nil when absent).
    var user: (name: String, password: String?)?
    var omitHost = false
    var forceQuery = false

    struct ParseError: Error {
        var message: String
    }

    private enum Mode { case path, pathSegment, host, zone, userPassword, queryComponent, fragment }

    // MARK: - parsing

    /// url.Parse.
    static func parse(_ rawURL: String) throws(ParseError) -> GoURL {
        let (u, frag, hasFrag) = cut(rawURL, "#")
        var url: GoURL
        do { url = try parseWithoutFragment(u) } catch {
            throw ParseError(message: "parse \(GoQuote.quote(u)): \(error.message)")
        }
        guard hasFrag, !frag.isEmpty else { return url }
        do {
            url.fragment = try unescape(frag, .fragment)
            url.rawFragment = escape(url.fragment, .fragment) == frag ? "" : frag
        } catch {
            throw ParseError(message: "parse \(GoQuote.quote(rawURL)): \(error.message)")
        }
        return url
    }

    private static func cut(_ s: String, _ sep: Character) -> (String, String, Bool) {
        guard let i = s.firstIndex(of: sep) else { return (s, "", false) }
        return (String(s[..<i]), String(s[s.index(after: i)...]), true)
    }

    private static func parseWithoutFragment(_ rawURL: String) throws(ParseError) -> GoURL {
        if rawURL.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw ParseError(message: "net/url: invalid control character in URL")
        }
        var url = GoURL()
        if rawURL == "*" { url.path = "*"; return url }
        var rest: String
        (url.scheme, rest) = try scheme(rawURL)
        url.scheme = url.scheme.lowercased()
        if rest.hasSuffix("?") && rest.filter({ $0 == "?" }).count == 1 {
            url.forceQuery = true
            rest.removeLast()
        } else {
            (rest, url.rawQuery, _) = cut(rest, "?")
        }
        if !rest.hasPrefix("/") {
            if !url.scheme.isEmpty {
                // A rootless path after a scheme is opaque (RFC 3986).
                url.opaque = rest
                return url
            }
            // A relative path's first segment cannot hold a colon (cache_object:foo/bar).
            if cut(rest, "/").0.contains(":") {
                throw ParseError(message: "first path segment in URL cannot contain colon")
            }
        }
        if (!url.scheme.isEmpty || !rest.hasPrefix("///")) && rest.hasPrefix("//") {
            var authority = String(rest.dropFirst(2))
            rest = ""
            if let i = authority.firstIndex(of: "/") {
                rest = String(authority[i...])
                authority = String(authority[..<i])
            }
            (url.user, url.host) = try parseAuthority(authority)
        } else if !url.scheme.isEmpty && rest.hasPrefix("/") {
            url.omitHost = true
        }
        url.path = try unescape(rest, .path)
        url.rawPath = escape(url.path, .path) == rest ? "" : rest
        return url
    }

    /// getScheme: letters, then letters, digits, `+`, `-` or `.`, up to the first `:`.
    private static func scheme(_ raw: String) throws(ParseError) -> (String, String) {
        for (i, c) in raw.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if i == 0 { return ("", raw) }
            case UInt8(ascii: ":"):
                if i == 0 { throw ParseError(message: "missing protocol scheme") }
                let b = Array(raw.utf8)
                return (String(decoding: b[..<i], as: UTF8.self), String(decoding: b[(i + 1)...], as: UTF8.self))
            default:
                return ("", raw)
            }
        }
        return ("", raw)
    }

    private static func parseAuthority(_ authority: String) throws(ParseError) -> ((name: String, password: String?)?, String) {
        guard let at = authority.lastIndex(of: "@") else { return (nil, try parseHost(authority)) }
        let host = try parseHost(String(authority[authority.index(after: at)...]))
        let userinfo = String(authority[..<at])
        guard validUserinfo(userinfo) else { throw ParseError(message: "net/url: invalid userinfo") }
        let (name, password, hasPassword) = cut(userinfo, ":")
        return ((try unescape(name, .userPassword), hasPassword ? try unescape(password, .userPassword) : nil), host)
    }

    private static func parseHost(_ host: String) throws(ParseError) -> String {
        let b = Array(host.utf8)
        if host.hasPrefix("[") {
            // An IP literal: "[fe80::1]", "[fe80::1%25en0]", "[fe80::1]:80".
            guard let close = b.lastIndex(of: UInt8(ascii: "]")) else { throw ParseError(message: "missing ']' in host") }
            let colonPort = String(decoding: b[(close + 1)...], as: UTF8.self)
            guard validOptionalPort(colonPort) else {
                throw ParseError(message: "invalid port \(GoQuote.quote(colonPort)) after host")
            }
            if let zone = firstIndex(of: Array("%25".utf8), in: b[..<close]) {
                let host1 = try unescape(String(decoding: b[..<zone], as: UTF8.self), .host)
                let host2 = try unescape(String(decoding: b[zone..<close], as: UTF8.self), .zone)
                let host3 = try unescape(String(decoding: b[close...], as: UTF8.self), .host)
                return host1 + host2 + host3
            }
        } else if let colon = b.lastIndex(of: UInt8(ascii: ":")) {
            let colonPort = String(decoding: b[colon...], as: UTF8.self)
            guard validOptionalPort(colonPort) else {
                throw ParseError(message: "invalid port \(GoQuote.quote(colonPort)) after host")
            }
        }
        return try unescape(host, .host)
    }

    private static func firstIndex(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in hay.startIndex...(hay.endIndex - needle.count) where hay[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    private static func validOptionalPort(_ port: String) -> Bool {
        if port.isEmpty { return true }
        guard port.hasPrefix(":") else { return false }
        return port.utf8.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func validUserinfo(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { r in
            ("A"..."Z").contains(r) || ("a"..."z").contains(r) || ("0"..."9").contains(r)
                || "-._:~!$&'()*+,;=%@".unicodeScalars.contains(r)
        }
    }

    // MARK: - escaping

    private static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
    }

    private static func unhex(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return 0
        }
    }

    private static func unescape(_ s: String, _ mode: Mode) throws(ParseError) -> String {
        let b = Array(s.utf8)
        var i = 0
        var count = 0
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "%"):
                count += 1
                guard i + 2 < b.count, isHex(b[i + 1]), isHex(b[i + 2]) else {
                    let bad = String(decoding: b[i..<min(i + 3, b.count)], as: UTF8.self)
                    throw ParseError(message: "invalid URL escape \(GoQuote.quote(bad))")
                }
                let escape3 = String(decoding: b[i..<(i + 3)], as: UTF8.self)
                // A host may %-encode only non-ASCII bytes (and %25, for zones).
                if mode == .host && unhex(b[i + 1]) < 8 && escape3 != "%25" {
                    throw ParseError(message: "invalid URL escape \(GoQuote.quote(escape3))")
                }
                if mode == .zone {
                    let v = unhex(b[i + 1]) << 4 | unhex(b[i + 2])
                    if escape3 != "%25" && v != 0x20 && shouldEscape(v, .host) {
                        throw ParseError(message: "invalid URL escape \(GoQuote.quote(escape3))")
                    }
                }
                i += 3
            default:
                if (mode == .host || mode == .zone) && b[i] < 0x80 && shouldEscape(b[i], mode) {
                    let bad = String(decoding: [b[i]], as: UTF8.self)
                    throw ParseError(message: "invalid character \(GoQuote.quote(bad)) in host name")
                }
                i += 1
            }
        }
        if count == 0 && !(mode == .queryComponent && b.contains(UInt8(ascii: "+"))) { return s }
        var out: [UInt8] = []
        i = 0
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "%"):
                out.append(unhex(b[i + 1]) << 4 | unhex(b[i + 2]))
                i += 3
            case UInt8(ascii: "+"):
                out.append(mode == .queryComponent ? UInt8(ascii: " ") : UInt8(ascii: "+"))
                i += 1
            default:
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func shouldEscape(_ c: UInt8, _ mode: Mode) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return false
        default: break
        }
        if mode == .host || mode == .zone, Array("!$&'()*+,;=:[]<>\"".utf8).contains(c) { return false }
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return false
        case UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "/"),
             UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "@"):
            switch mode {
            case .path: return c == UInt8(ascii: "?")
            case .pathSegment: return [UInt8(ascii: "/"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "?")].contains(c)
            case .userPassword: return [UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: ":")].contains(c)
            case .queryComponent: return true
            case .fragment: return false
            case .host, .zone: break
            }
        default: break
        }
        if mode == .fragment, Array("!()*".utf8).contains(c) { return false }
        return true
    }

    private static func escape(_ s: String, _ mode: Mode) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for c in s.utf8 {
            if shouldEscape(c, mode) {
                if c == UInt8(ascii: " ") && mode == .queryComponent {
                    out.append(UInt8(ascii: "+"))
                } else {
                    out += [UInt8(ascii: "%"), hex[Int(c >> 4)], hex[Int(c & 15)]]
                }
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - output

    /// URL.Hostname: the host without a port or IP-literal brackets.
    var hostname: String {
        var h = host
        if let colon = h.lastIndex(of: ":"), GoURL.validOptionalPort(String(h[colon...])) { h = String(h[..<colon]) }
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        return h
    }

    /// Userinfo.String: `user` or `user:password`, escaped.
    var userinfo: String {
        guard let user else { return "" }
        var s = GoURL.escape(user.name, .userPassword)
        if let p = user.password { s += ":" + GoURL.escape(p, .userPassword) }
        return s
    }

    /// URL.String.
    var string: String {
        var out = ""
        if !scheme.isEmpty { out += scheme + ":" }
        if !opaque.isEmpty {
            out += opaque
        } else {
            if !scheme.isEmpty || !host.isEmpty || user != nil {
                if !(omitHost && host.isEmpty && user == nil) {
                    if !host.isEmpty || !path.isEmpty || user != nil { out += "//" }
                    if user != nil { out += userinfo + "@" }
                    if !host.isEmpty { out += GoURL.escape(host, .host) }
                }
            }
            let p = escapedPath
            if !p.isEmpty && !p.hasPrefix("/") && !host.isEmpty { out += "/" }
            // "this:that" as a first relative segment would read as a scheme: "./this:that".
            if out.isEmpty, GoURL.cut(p, "/").0.contains(":") { out += "./" }
            out += p
        }
        if forceQuery || !rawQuery.isEmpty { out += "?" + rawQuery }
        if !fragment.isEmpty { out += "#" + GoURL.escape(fragment, .fragment) }
        return out
    }

    private var escapedPath: String {
        if !rawPath.isEmpty, (try? GoURL.unescape(rawPath, .path)) == path, rawPath.utf8.allSatisfy({ validEncodedPathByte($0) }) {
            return rawPath
        }
        if path == "*" { return "*" }
        return GoURL.escape(path, .path)
    }

    /// validEncoded(s, encodePath): bytes a path may carry unescaped.
    private func validEncodedPathByte(_ c: UInt8) -> Bool {
        if Array("!$&'()*+,;=:@[]%".utf8).contains(c) { return true }
        return !GoURL.shouldEscape(c, .path)
    }
}
