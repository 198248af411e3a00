import GoCompat
/// The small part of Go's `net/url.Parse` and `net.SplitHostPort` that the kubelet keyring and
/// ggcr's Kubernetes keychain rely on: they parse `https://<key>` to normalise a key, and parse
/// `https://<key>` and `https://<registry>/<repository>` again to compare them. Copying the
/// parser's quirks (`?` starts a query, `#` a fragment, the path is unescaped, a bad port is an
/// error) keeps our match identical to the controller's.
struct KeyringURL: Equatable {
    var host: String
    var path: String

    enum Failure: Error, Equatable { case invalid(String) }

    /// Go `url.Parse` of an absolute `http(s)://` URL, keeping only host and (unescaped) path.
    static func parse(_ raw: String) throws -> KeyringURL {
        if raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Failure.invalid("invalid control character in URL")
        }
        var rest = Substring(raw)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        // Scheme: letters, digits, + - . after a leading letter, up to the first ':'.
        guard let colon = rest.firstIndex(of: ":") else { throw Failure.invalid("missing protocol scheme") }
        rest = rest[rest.index(after: colon)...]
        if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
        guard rest.hasPrefix("//") else { return KeyringURL(host: "", path: try unescapePath(String(rest))) }
        var authority = rest.dropFirst(2)
        var path = Substring("")
        if let slash = authority.firstIndex(of: "/") { path = authority[slash...]; authority = authority[..<slash] }
        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            guard userinfo.unicodeScalars.allSatisfy(validUserinfo) else { throw Failure.invalid("invalid userinfo") }
            hostPart = authority[authority.index(after: at)...]
        }
        return KeyringURL(host: try parseHost(String(hostPart)), path: try unescapePath(String(path)))
    }

    private static func parseHost(_ host: String) throws -> String {
        if host.hasPrefix("[") {
            guard let close = host.lastIndex(of: "]") else { throw Failure.invalid("missing ']' in host") }
            let colonPort = String(host[host.index(after: close)...])
            guard validOptionalPort(colonPort) else { throw Failure.invalid("invalid port \"\(colonPort)\" after host") }
        } else if let colon = host.lastIndex(of: ":") {
            let colonPort = String(host[colon...])
            guard validOptionalPort(colonPort) else { throw Failure.invalid("invalid port \"\(colonPort)\" after host") }
        }
        for scalar in host.unicodeScalars where scalar.value < 0x80 && scalar != "%" && !validHostASCII(scalar) {
            throw Failure.invalid("invalid character \"\(scalar)\" in host name")
        }
        return try unescape(host)
    }

    private static func validOptionalPort(_ port: String) -> Bool {
        if port.isEmpty { return true }
        guard port.first == ":" else { return false }
        return port.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func validHostASCII(_ c: Unicode.Scalar) -> Bool {
        if isAlnum(c) { return true }
        return "!$&'()*+,;=:[]<>\"-_.~".unicodeScalars.contains(c)
    }

    private static func validUserinfo(_ c: Unicode.Scalar) -> Bool {
        if c.value >= 0x80 || isAlnum(c) { return true }
        return "-._:~!$&'()*+,;=%@".unicodeScalars.contains(c)
    }

    private static func isAlnum(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    private static func unescapePath(_ path: String) throws -> String { try unescape(path) }

    /// `%XX` decoding; a `%` without two hex digits is an error, as in Go.
    private static func unescape(_ text: String) throws -> String {
        guard text.contains("%") else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) else {
                    throw Failure.invalid("invalid URL escape")
                }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Go `net.SplitHostPort`; on error the keyring uses the whole host and an empty port.
    static func splitHostPort(_ hostport: String) -> (host: String, port: String) {
        let fallback = (host: hostport, port: "")
        let s = Array(hostport.unicodeScalars)
        guard let i = s.lastIndex(of: ":") else { return fallback }
        var host: [Unicode.Scalar]
        var j = 0, k = 0
        if s.first == "[" {
            guard let end = s.firstIndex(of: "]") else { return fallback }
            guard end + 1 == i else { return fallback }
            host = Array(s[1..<end]); j = 1; k = end + 1
        } else {
            host = Array(s[..<i])
            if host.contains(":") { return fallback }
        }
        if s[j...].contains("[") || s[k...].contains("]") { return fallback }
        var h = String.UnicodeScalarView(); h.append(contentsOf: host)
        var p = String.UnicodeScalarView(); p.append(contentsOf: s[(i + 1)...])
        return (String(h), String(p))
    }
}

/// Key normalisation and matching of the keyring.
/// Sources: kubernetes `pkg/credentialprovider/keyring.go` (`BasicDockerKeyring.Add`, `Lookup`,
/// `URLsMatchStr`) and its copy in go-containerregistry `pkg/authn/kubernetes/keychain.go`
/// (`NewFromPullSecrets`, `Resolve`, `urlsMatch`), which is what Flux uses.
enum KeyringMatcher {
    /// `https://index.docker.io/v1/` → `index.docker.io`; `http://h:5000` → `h:5000`;
    /// `quay.io/org` stays; `h/v2/team` → `h/team`. Throws for keys Go's url.Parse rejects,
    /// which makes ggcr reject the whole keychain.
    static func normalise(_ key: String) throws -> String {
        var value = key
        if !value.hasPrefix("https://") && !value.hasPrefix("http://") { value = "https://" + value }
        let parsed = try KeyringURL.parse(value)
        var path = parsed.path
        // Docker treats /v1/ and /v2/ as the registry root (ResolveAuthConfig).
        if path.hasPrefix("/v2/") || path.hasPrefix("/v1/") { path = String(path.dropFirst(3)) }
        return (!path.isEmpty && path != "/") ? parsed.host + path : parsed.host
    }

    /// `urlsMatchStr(glob, target)`: ports equal as strings, same number of host labels, each
    /// label a filepath.Match glob, and the key's path a string prefix of the target's path
    /// (so `h/team` also covers `h/teamster/app`, as in the kubelet). Parse errors: no match.
    static func matches(key: String, target: String) -> Bool {
        guard let glob = try? KeyringURL.parse("https://" + key),
              let url = try? KeyringURL.parse("https://" + target) else { return false }
        let (globHost, globPort) = KeyringURL.splitHostPort(glob.host)
        let (targetHost, targetPort) = KeyringURL.splitHostPort(url.host)
        guard globPort == targetPort else { return false }
        let globLabels = globHost.split(separator: ".", omittingEmptySubsequences: false)
        let targetLabels = targetHost.split(separator: ".", omittingEmptySubsequences: false)
        guard globLabels.count == targetLabels.count else { return false }
        guard url.path.hasPrefixBytes(glob.path) else { return false }
        for (pattern, label) in zip(globLabels, targetLabels) where !KeychainGlob.match(String(pattern), String(label)) {
            return false
        }
        return true
    }

    /// Go's `sort.Sort(sort.Reverse(sort.StringSlice(index)))`: byte-wise descending, so
    /// `quay.io/org` comes before `quay.io` and `reg.example.com` before `*.example.com`.
    static func sortedForLookup(_ keys: [String]) -> [String] {
        keys.sorted { a, b in b.utf8.lexicographicallyPrecedes(a.utf8) }
    }
}
