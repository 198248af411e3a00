import Foundation
import Threads

/// kubectl-style `-v` request log (klog line format). Secrets never get through: Authorization,
/// Proxy-Authorization and cookies are masked, and token-like fields in logged bodies are masked.
public final class RequestLogger: Sendable {
    public let verbosity: Int
    private let sink: @Sendable (String) -> Void
    /// Keeps the lines of one request together when several threads log at once.
    private let writing = Locked(())

    /// `sink` receives whole lines without the trailing newline: the caller decides where they go.
    public init(verbosity: Int, sink: @escaping @Sendable (String) -> Void) {
        self.verbosity = verbosity
        self.sink = sink
    }

    var enabled: Bool { verbosity >= 6 }

    /// Before sending (-v 7+): the request line and headers, as kubectl's round_trippers does.
    func willSend(_ request: HTTPRequest, userAgent: String) {
        guard verbosity >= 7 else { return }
        var lines = [line(463, "\(request.method.uppercased()) \(request.url)"), line(469, "Request Headers:")]
        var headers = request.headers
        if !headers.contains(where: { $0.name.lowercased() == "user-agent" }) {
            headers.append(HTTPHeader("User-Agent", userAgent))
        }
        for h in headers { lines.append(line(473, "    \(h.name): \(Self.maskHeader(h))")) }
        if verbosity >= 8, let body = request.body, !body.isEmpty {
            let text = request.secretBodies ? Self.withheld(body) : Self.bodyText(body, full: verbosity >= 9, scrubbing: Self.secrets(of: request))
            lines.append(line(1212, "Request Body: \(text)"))
        }
        emit(lines)
    }

    /// After the response (-v 6+): status line and timing; -v 8 adds response headers and body.
    func didFinish(_ request: HTTPRequest, status: Int?, headers: [HTTPHeader], body: [UInt8]?,
                   milliseconds: Int, error: HTTPError?) {
        guard enabled else { return }
        let statusText = status.map { "\($0) \(Self.reason($0))" } ?? ""
        var lines = [line(553, "\(request.method.uppercased()) \(request.url) \(statusText) in \(milliseconds) milliseconds")]
        if let error, verbosity >= 6 { lines.append(line(557, "error: \(error)")) }
        if verbosity >= 8, status != nil {
            // A server may reflect the request's credentials (echo endpoints, error pages).
            let secrets = Self.secrets(of: request)
            lines.append(line(570, "Response Headers:"))
            for h in headers { lines.append(line(573, "    \(h.name): \(Self.scrub(Self.maskHeader(h), secrets))")) }
            if let body, !body.isEmpty {
                let text = request.secretBodies ? Self.withheld(body) : Self.bodyText(body, full: verbosity >= 9, scrubbing: secrets)
                lines.append(line(1212, "Response Body: \(text)"))
            }
        }
        emit(lines)
    }

    private func emit(_ lines: [String]) {
        writing.withLock { _ in for l in lines { sink(l) } }
    }

    /// `I1125 10:00:00.123456   12345 http.go:553] message`, like klog.
    func line(_ number: Int, _ message: String) -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tm = tm()
        localtime_r(&t, &tm)
        func pad(_ v: Int, _ width: Int, _ fill: Character = "0") -> String {
            let s = String(v)
            return String(repeating: fill, count: max(0, width - s.count)) + s
        }
        return "I\(pad(Int(tm.tm_mon) + 1, 2))\(pad(Int(tm.tm_mday), 2)) "
            + "\(pad(Int(tm.tm_hour), 2)):\(pad(Int(tm.tm_min), 2)):\(pad(Int(tm.tm_sec), 2)).\(pad(Int(tv.tv_usec), 6)) "
            + "\(pad(Int(getpid()), 7, " ")) http.go:\(number)] " + message
    }

    static let sensitiveHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// kubectl's maskValue: keep the scheme word of an Authorization value, hide the rest.
    static func maskHeader(_ h: HTTPHeader) -> String {
        let name = h.name.lowercased()
        guard sensitiveHeaders.contains(name) else { return h.value }
        if name.hasSuffix("authorization"), let space = h.value.firstIndex(of: " ") {
            let scheme = h.value[..<space]
            if ["bearer", "basic", "negotiate"].contains(scheme.lowercased()) { return "\(scheme) <masked>" }
        }
        return "<masked>"
    }

    /// Body text for the log: at -v 8 truncated to 1024 characters like kubectl; credentials masked.
    static func bodyText(_ body: [UInt8], full: Bool, scrubbing secrets: [String] = []) -> String {
        let text = scrub(redactSecrets(String(decoding: body, as: UTF8.self)), secrets)
        if full || text.count <= 1024 { return text }
        return String(text.prefix(1024)) + " [truncated \(text.count - 1024) chars]"
    }

    static func withheld(_ body: [UInt8]) -> String { "<\(body.count) bytes withheld: they hold secrets>" }

    /// The credential strings a request carries (the value after the scheme, and cookie values),
    /// so that they can be cut out of anything else that is logged.
    static func secrets(of request: HTTPRequest) -> [String] {
        var out: [String] = []
        for h in request.headers where sensitiveHeaders.contains(h.name.lowercased()) {
            out.append(h.value)
            if let space = h.value.firstIndex(of: " ") { out.append(String(h.value[h.value.index(after: space)...])) }
            for cookie in h.value.split(separator: ";") {
                if let eq = cookie.firstIndex(of: "=") { out.append(String(cookie[cookie.index(after: eq)...])) }
            }
        }
        // Longest first, and nothing so short that masking it would shred ordinary text.
        return Set(out.map { $0.trimmingCharacters(in: .whitespaces) }).filter { $0.count >= 6 }.sorted { $0.count > $1.count }
    }

    static func scrub(_ text: String, _ secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "<masked>") }
    }

    /// Token endpoints (registry auth, OAuth) return credentials in the body; mask JSON string
    /// values and form fields with these names.
    static let secretFields = ["token", "access_token", "refresh_token", "id_token", "password", "client_secret",
                               "identitytoken", "registrytoken", "auth"]

    static func redactSecrets(_ text: String) -> String {
        var out = text
        for field in secretFields {
            out = maskJSONField(field, in: out)
            out = maskFormField(field, in: out)
        }
        return out
    }

    private static func maskJSONField(_ field: String, in text: String) -> String {
        let key = "\"\(field)\""
        var result = ""
        var rest = Substring(text)
        while let r = rest.range(of: key, options: .caseInsensitive) {
            result += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            // Expect optional spaces, ':', optional spaces, then a string value.
            var i = rest.startIndex
            while i < rest.endIndex, rest[i] == " " || rest[i] == "\t" || rest[i] == "\n" { i = rest.index(after: i) }
            guard i < rest.endIndex, rest[i] == ":" else { continue }
            i = rest.index(after: i)
            while i < rest.endIndex, rest[i] == " " || rest[i] == "\t" || rest[i] == "\n" { i = rest.index(after: i) }
            guard i < rest.endIndex, rest[i] == "\"" else { continue }
            var j = rest.index(after: i)
            var escaped = false
            while j < rest.endIndex {
                let c = rest[j]
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break }
                j = rest.index(after: j)
            }
            result += rest[..<rest.index(after: i)] + "<masked>"
            rest = rest[j...]
        }
        return result + rest
    }

    private static func maskFormField(_ field: String, in text: String) -> String {
        guard !text.hasPrefix("{"), text.contains("=") else { return text }
        return text.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "="), pair[..<eq].lowercased() == field else { return String(pair) }
            return pair[..<eq] + "=<masked>"
        }.joined(separator: "&")
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 101: return "Switching Protocols"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 412: return "Precondition Failed"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}
