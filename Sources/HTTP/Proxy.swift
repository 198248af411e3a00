import Foundation

/// Decides the proxy for one request the way Go's `http.ProxyFromEnvironment` does (what kubectl
/// and Flux use), so libcurl's own environment rules (lower-case `http_proxy` only, no loopback
/// exception) never apply: the result is always set explicitly with CURLOPT_PROXY.
enum ProxyResolver {
    /// The proxy URL to use, or nil for a direct connection.
    static func proxy(for setting: ProxySetting, target: URLParts) -> String? {
        switch setting {
        case .none: return nil
        case .url(let url): return url.isEmpty ? nil : normalize(url)
        case .environment(let environment):
            let raw: String?
            switch target.scheme {
            case "https": raw = environment.httpsProxy
            case "http": raw = environment.httpProxy
            default: raw = nil
            }
            guard let raw else { return nil }
            guard useProxy(host: target.bareHost, port: target.port, noProxy: environment.noProxy) else { return nil }
            return normalize(raw)
        }
    }

    /// Go treats a proxy without a scheme as `http://`.
    static func normalize(_ proxy: String) -> String {
        proxy.contains("://") ? proxy : "http://" + proxy
    }

    /// golang.org/x/net/http/httpproxy `useProxy`: localhost and loopback never go through a
    /// proxy; NO_PROXY holds `*`, IPs, CIDRs and domains (with optional `:port`, `.` or `*.` prefix).
    static func useProxy(host rawHost: String, port: Int, noProxy: String) -> Bool {
        let host = rawHost.lowercased()
        if host == "localhost" { return false }
        let ip = IPAddress(host)
        if let ip, ip.isLoopback { return false }
        for entryRaw in noProxy.split(separator: ",") {
            let entry = entryRaw.trimmingCharacters(in: .whitespaces).lowercased()
            if entry.isEmpty { continue }
            if entry == "*" { return false }
            if entry.contains("/") {
                if let ip, let cidr = CIDR(entry), cidr.contains(ip) { return false }
                continue
            }
            let (entryHost, entryPort) = splitHostPort(entry)
            if let entryIP = IPAddress(entryHost) {
                if let ip, ip == entryIP, entryPort == nil || entryPort == port { return false }
                continue
            }
            guard ip == nil, !entryHost.isEmpty else { continue }
            var suffix = entryHost
            if suffix.hasPrefix("*.") { suffix.removeFirst() }
            let matchesBareHost = !suffix.hasPrefix(".")
            if matchesBareHost { suffix = "." + suffix }
            if host.hasSuffix(suffix) || (matchesBareHost && host == String(suffix.dropFirst())) {
                if entryPort == nil || entryPort == port { return false }
            }
        }
        return true
    }

    private static func splitHostPort(_ entry: String) -> (String, Int?) {
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return (entry, nil) }
            let host = String(entry[entry.index(after: entry.startIndex)..<close])
            let rest = entry[entry.index(after: close)...]
            if rest.hasPrefix(":"), let p = Int(rest.dropFirst()) { return (host, p) }
            return (host, nil)
        }
        // Exactly one colon means host:port; more is a bare IPv6 address.
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, let p = Int(parts[1]) { return (String(parts[0]), p) }
        return (entry, nil)
    }
}

/// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped into IPv6, as Go compares them).
struct IPAddress: Equatable {
    var bytes: [UInt8]

    init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let b = withUnsafeBytes(of: &v4) { Array($0) }
            bytes = [UInt8](repeating: 0, count: 10) + [0xff, 0xff] + b
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    var isV4: Bool { bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff }
    var isLoopback: Bool {
        if isV4 { return bytes[12] == 127 }
        return bytes == [UInt8](repeating: 0, count: 15) + [1]
    }
}

struct CIDR {
    var network: IPAddress
    var prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let ip = IPAddress(String(parts[0])), let bits = Int(parts[1]) else { return nil }
        let prefix = ip.isV4 ? bits + 96 : bits
        guard bits >= 0, prefix <= 128, (!ip.isV4 || bits <= 32) else { return nil }
        network = ip
        self.prefix = prefix
    }

    func contains(_ ip: IPAddress) -> Bool {
        guard ip.isV4 == network.isV4 else { return false }
        var remaining = prefix
        for i in 0..<16 where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if ip.bytes[i] & mask != network.bytes[i] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
