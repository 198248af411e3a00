import Foundation

/// Normalizes `server` to the base URL the REST client joins paths onto, as rest.DefaultServerURL
/// and NewRESTClient do: a missing scheme becomes https when TLS settings exist, else http; the
/// path prefix is kept (proxies such as Rancher rely on it); query and fragment are dropped.
enum ServerURL {
    struct Invalid: Error { var reason: String }

    static func normalize(_ raw: String, defaultTLS: Bool) throws(Invalid) -> String {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw Invalid(reason: "the server URL is empty") }
        if !text.contains("://") { text = (defaultTLS ? "https://" : "http://") + text }
        guard let sep = text.range(of: "://") else { throw Invalid(reason: "missing scheme") }
        let scheme = text[..<sep.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw Invalid(reason: "unsupported scheme \"\(scheme)\", must be https or http")
        }
        var rest = Substring(text[sep.upperBound...])
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if authority.isEmpty { throw Invalid(reason: "missing host") }
        if authority.contains(where: { $0 == " " || $0 == "\\" }) { throw Invalid(reason: "invalid host \"\(authority)\"") }
        var path = String(rest[authorityEnd...])
        while path.hasSuffix("/") { path.removeLast() }
        return "\(scheme)://\(authority)\(path)"
    }

    /// `net.JoinHostPort`: IPv6 literals get brackets.
    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

