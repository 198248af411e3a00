import Foundation

/// Everything decided in Swift before libcurl sees a request: the URL to put on the wire, where
/// to really connect, and which proxy to use. Pure, so routing rules are unit-testable.
struct RequestPlan {
    /// The URL given to libcurl (its host is `tls-server-name` when that is set).
    var wireURL: String
    /// The original request target, for errors and logs.
    var target: URLParts
    /// `CURLOPT_CONNECT_TO` entry routing the server name to the real host:port.
    var connectTo: String?
    /// nil means a direct connection.
    var proxy: String?

    init(request: HTTPRequest, config: TransportConfig) throws(HTTPError) {
        target = try URLParts.parse(request.url)
        wireURL = request.url
        if let name = config.tls.serverName, !name.isEmpty, target.scheme == "https",
           name.lowercased() != target.bareHost {
            // libcurl cannot verify against another name, so the name goes into the URL (SNI,
            // verification, Host) and CONNECT_TO sends the connection to the real address.
            wireURL = try URLParts.replacingHost(of: request.url, with: name)
            let wire = try URLParts.parse(wireURL)
            connectTo = "\(wire.host):\(wire.port):\(target.host):\(target.port)"
        }
        proxy = ProxyResolver.proxy(for: config.proxy, target: target)
    }

    /// Host:port that a connection failure refers to (the proxy's when one is used).
    var connectHostPort: String {
        if let proxy, let p = try? URLParts.parse(proxy.replacingSchemeForParsing()) { return p.hostPort }
        return target.hostPort
    }
}

private extension String {
    /// URLParts accepts only http(s); socks proxies still have a host and port worth reporting.
    func replacingSchemeForParsing() -> String {
        guard let range = range(of: "://") else { return self }
        let scheme = self[..<range.lowerBound].lowercased()
        if scheme == "http" || scheme == "https" { return self }
        return "http" + self[range.lowerBound...]
    }
}
