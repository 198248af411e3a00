import Foundation
import GoCompat
import HTTP
import YAML

/// What the REST client needs of a credential source: the kubeconfig's `CredentialProvider`
/// conforms; tests may pass their own.
public protocol RequestAuthenticator: AnyObject, Sendable {
    /// Headers (Authorization) and an optional client certificate for the next request.
    func current() throws(CredentialError) -> Credential
    /// Called after a 401 with the generation that was rejected; true when a fresh credential
    /// may help (exec plugin re-run, token file re-read).
    func refreshAfterUnauthorized(generation used: Int?) -> Bool
}
extension CredentialProvider: RequestAuthenticator {}

/// Where and how to reach one API server.
public struct KubeEndpoint: Sendable {
    public var server: String
    public var transport: TransportConfig
    /// Impersonation and other fixed headers.
    public var headers: [HTTPHeader]
    /// `--request-timeout`: a client deadline and `?timeout=` on every request.
    public var requestTimeout: Double?
    public var authenticator: RequestAuthenticator?
    /// Where `-v` request logs go; nil: stderr.
    public var logSink: (@Sendable (String) -> Void)?

    public init(server: String, transport: TransportConfig, headers: [HTTPHeader] = [], requestTimeout: Double? = nil,
                authenticator: RequestAuthenticator? = nil, logSink: (@Sendable (String) -> Void)? = nil) {
        self.server = server; self.transport = transport; self.headers = headers
        self.requestTimeout = requestTimeout; self.authenticator = authenticator; self.logSink = logSink
    }

    /// client-go sends user credentials only over TLS.
    public var sendsCredentials: Bool { server.lowercased().hasPrefix("https://") }
}

/// The Kubernetes REST client over libcurl. Errors are `KubeError`, worded as kubectl words them.
public final class KubeClient: KubeReader, KubeWriter, @unchecked Sendable {
    // @unchecked: the mutable state (transport cache, warnings seen) is guarded by `lock`;
    // `onWarning` is set once before the client is shared.
    public let endpoint: KubeEndpoint
    /// Receives each distinct `Warning` header text once.
    public var onWarning: (@Sendable (String) -> Void)?

    private let lock = NSLock()
    private var transport: HTTPClient?
    private var transportCertificate: [UInt8]?
    private var seenWarnings = Set<String>()

    public init(endpoint: KubeEndpoint) {
        self.endpoint = endpoint
    }

    // MARK: - Verbs

    public func get(_ path: String, query: [(String, String)] = []) throws(KubeError) -> Value {
        let response = try perform(method: "GET", path: path, query: query, accept: "application/json")
        return try decode(response)
    }

    /// Lists a collection to the end with `limit`/`continue` paging, like kubectl (chunk 500).
    /// A continue token that expired (410) restarts the list once.
    public func list(_ type: ResourceType, namespace: String?, labelSelector: String? = nil,
                     fieldSelector: String? = nil, chunkSize: Int = 500) throws(KubeError) -> ObjectList {
        var restarted = false
        while true {
            do {
                return try listPages(type, namespace: namespace, labelSelector: labelSelector,
                                     fieldSelector: fieldSelector, chunkSize: chunkSize)
            } catch KubeError.server(let status) where status.code == 410 && !restarted {
                restarted = true
            }
        }
    }

    private func listPages(_ type: ResourceType, namespace: String?, labelSelector: String?,
                           fieldSelector: String?, chunkSize: Int) throws(KubeError) -> ObjectList {
        var items: [Value] = []
        var resourceVersion = ""
        var continueToken: String?
        repeat {
            var query: [(String, String)] = []
            if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
            if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
            if chunkSize > 0 { query.append(("limit", String(chunkSize))) }
            if let continueToken { query.append(("continue", continueToken)) }
            let path = type.collectionPath(namespace: namespace)
            let response = try perform(method: "GET", path: path, query: query, accept: "application/json",
                                       resourceType: type)
            let page = try decode(response)
            guard let pageItems = page["items"]?.array ?? (page["items"]?.isNull == true ? [] : nil) else {
                throw KubeError.invalidResponse(url: path, detail: "expected a list with items")
            }
            // A List's items carry neither apiVersion nor kind on the wire; kubectl fills them in.
            items.append(contentsOf: pageItems.map { Self.withTypeMeta($0, type) })
            resourceVersion = page[path: "metadata", "resourceVersion"]?.string ?? resourceVersion
            continueToken = page[path: "metadata", "continue"]?.string
            if continueToken?.isEmpty == true { continueToken = nil }
        } while continueToken != nil
        return ObjectList(items: items, resourceVersion: resourceVersion)
    }

    static func withTypeMeta(_ item: Value, _ type: ResourceType) -> Value {
        guard case .object(let o) = item else { return item }
        if o["apiVersion"] != nil && o["kind"] != nil { return item }
        var out = Value.Object()
        out["apiVersion"] = o["apiVersion"] ?? .string(type.apiVersion)
        out["kind"] = o["kind"] ?? .string(type.kind)
        for (k, v) in o where k != "apiVersion" && k != "kind" { out[k] = v }
        return .object(out)
    }

    public func getObject(_ type: ResourceType, namespace: String?, name: String) throws(KubeError) -> Value {
        let response = try perform(method: "GET", path: type.objectPath(namespace: namespace, name: name), query: [],
                                   accept: "application/json", resourceType: type)
        return try decode(response)
    }

    public func mergePatch(_ type: ResourceType, namespace: String?, name: String, patch: Value,
                           dryRun: Bool = false) throws(KubeError) -> Value {
        let body = Array(JSON.encodeCompact(patch).utf8)
        var query = [("fieldManager", "kubectl-rsip")]
        if dryRun { query.append(("dryRun", "All")) }
        let response = try perform(method: "PATCH", path: type.objectPath(namespace: namespace, name: name),
                                   query: query, accept: "application/json",
                                   contentType: "application/merge-patch+json", body: body, resourceType: type)
        return try decode(response)
    }

    public func watch(_ type: ResourceType, namespace: String?, resourceVersion: String?,
                      labelSelector: String? = nil, fieldSelector: String? = nil, timeoutSeconds: Int? = nil,
                      clientTimeout: Double? = nil, onEvent: (WatchEvent) -> Bool) throws(KubeError) {
        var query: [(String, String)] = [("watch", "true"), ("allowWatchBookmarks", "true")]
        if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if let timeoutSeconds { query.append(("timeoutSeconds", String(timeoutSeconds))) }
        let path = type.collectionPath(namespace: namespace)

        var splitter = JSONStreamSplitter()
        var status = 0
        var errorBody: [UInt8] = []
        var failure: KubeError?
        _ = try withAuthRetry { (credential) throws(KubeError) -> HTTPResponse in
            status = 0
            errorBody = []
            var request = try self.makeRequest(method: "GET", path: path, query: query, accept: "application/json",
                                               contentType: nil, body: nil, credential: credential, streaming: true)
            // A server that ignores timeoutSeconds must not hold us past the caller's deadline.
            request.timeout = clientTimeout
            let http = try self.client(for: credential)
            do throws(HTTPError) {
                try http.stream(request, onHead: { code, headers in
                    status = code
                    self.reportWarnings(headers)
                }, onData: { chunk in
                    if status != 200 {
                        errorBody.append(contentsOf: chunk)
                        return errorBody.count < 1 << 20
                    }
                    do throws(JSONStreamSplitter.Failure) {
                        for document in try splitter.feed(chunk) {
                            switch self.deliver(document, url: request.url, onEvent: onEvent) {
                            case .more: continue
                            case .stop: return false
                            case .failed(let error):
                                failure = error
                                return false
                            }
                        }
                        return true
                    } catch {
                        failure = KubeError.invalidResponse(url: request.url, detail: Self.describe(error))
                        return false
                    }
                })
            } catch {
                throw KubeError.transport(error, server: self.endpoint.server)
            }
            return HTTPResponse(status: status, headers: [], body: errorBody, url: request.url)
        } check: { (response) throws(KubeError) in
            if response.status != 200 {
                throw self.error(for: response, resourceType: type)
            }
        }
        if let failure { throw failure }
    }

    private enum Delivery { case more, stop, failed(KubeError) }

    /// Hands one watch event to the caller; an ERROR event or a broken one ends the watch.
    private func deliver(_ document: [UInt8], url: String, onEvent: (WatchEvent) -> Bool) -> Delivery {
        let event: Value
        do { event = try JSON.parse(document) } catch {
            return .failed(KubeError.invalidResponse(url: url, detail: "watch event is not JSON (\(error.message))"))
        }
        let type = event["type"]?.string ?? ""
        let object = event["object"] ?? .null
        if type == "ERROR" {
            let code = object["code"]?.int.map(Int.init) ?? 500
            return .failed(KubeError.server(APIStatus.decode(Array(JSON.encodeCompact(object).utf8), httpStatus: code)
                ?? APIStatus(code: code, reason: "", message: "watch error")))
        }
        return onEvent(WatchEvent(type: type, object: object)) ? .more : .stop
    }

    private static func describe(_ failure: JSONStreamSplitter.Failure) -> String {
        switch failure {
        case .documentTooLarge(let limit):
            return "watch event larger than \(limit) bytes"
        case .notAnObject(let byte):
            let shown = (0x21...0x7e).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
            return "watch stream is not a sequence of JSON objects (\(shown) between events)"
        }
    }

    // MARK: - Plumbing

    func perform(method: String, path: String, query: [(String, String)], accept: String,
                 contentType: String? = nil, body: [UInt8]? = nil,
                 resourceType: ResourceType? = nil) throws(KubeError) -> HTTPResponse {
        var attempts = 0
        while true {
            let response = try withAuthRetry { (credential) throws(KubeError) -> HTTPResponse in
                var request = try self.makeRequest(method: method, path: path, query: query, accept: accept,
                                                   contentType: contentType, body: body, credential: credential,
                                                   streaming: false)
                request.secretBodies = resourceType?.holdsSecrets ?? false
                let http = try self.client(for: credential)
                let response: HTTPResponse
                do throws(HTTPError) { response = try http.send(request) } catch {
                    throw KubeError.transport(error, server: self.endpoint.server)
                }
                self.reportWarnings(response.headers)
                return response
            } check: { (_) throws(KubeError) in }
            // client-go retries throttled and unavailable answers that carry Retry-After,
            // up to 10 times; only idempotent verbs here.
            if (response.status == 429 || response.status >= 500), method == "GET", attempts < 10,
               let retryAfter = response.header("Retry-After").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                attempts += 1
                Thread.sleep(forTimeInterval: Double(min(max(retryAfter, 1), 30)))
                continue
            }
            if (200..<300).contains(response.status) { return response }
            throw error(for: response, resourceType: resourceType)
        }
    }

    /// Runs `attempt` with the current credential; on 401 asks the authenticator to refresh
    /// once and retries (client-go refreshes without retrying; retrying once is kinder).
    private func withAuthRetry(_ attempt: (Credential) throws(KubeError) -> HTTPResponse,
                               check: (HTTPResponse) throws(KubeError) -> Void) throws(KubeError) -> HTTPResponse {
        var credential = try currentCredential()
        var response = try attempt(credential)
        if response.status == 401, let auth = endpoint.authenticator, endpoint.sendsCredentials,
           auth.refreshAfterUnauthorized(generation: credential.generation) {
            credential = try currentCredential()
            response = try attempt(credential)
        }
        try check(response)
        return response
    }

    private func currentCredential() throws(KubeError) -> Credential {
        guard endpoint.sendsCredentials, let auth = endpoint.authenticator else { return Credential() }
        do {
            return try auth.current()
        } catch {
            throw KubeError.credentials(error.message)
        }
    }

    private func makeRequest(method: String, path: String, query: [(String, String)], accept: String,
                             contentType: String?, body: [UInt8]?, credential: Credential,
                             streaming: Bool) throws(KubeError) -> HTTPRequest {
        var query = query
        if let timeout = endpoint.requestTimeout, timeout > 0, !streaming {
            query.append(("timeout", GoDuration.format(timeout)))
        }
        var url = endpoint.server + path
        if !query.isEmpty { url += "?" + PathEscape.query(query) }
        var headers = [HTTPHeader("Accept", accept)]
        if let contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        headers.append(contentsOf: endpoint.headers)
        headers.append(contentsOf: credential.headers)
        return HTTPRequest(method: method, url: url, headers: headers, body: body,
                           timeout: streaming ? nil : endpoint.requestTimeout.flatMap { $0 > 0 ? $0 : nil })
    }

    /// One transport per client certificate: an exec plugin may hand out a new certificate.
    private func client(for credential: Credential) throws(KubeError) -> HTTPClient {
        lock.lock()
        defer { lock.unlock() }
        if let transport, transportCertificate == credential.clientCertificatePEM { return transport }
        var config = endpoint.transport
        if let cert = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
            config.tls.clientCertificatePEM = cert
            config.tls.clientKeyPEM = key
        }
        do throws(HTTPError) {
            let created = try HTTPClient(config: config, logSink: endpoint.logSink)
            transport = created
            transportCertificate = credential.clientCertificatePEM
            return created
        } catch {
            throw KubeError.transport(error, server: endpoint.server)
        }
    }

    private func decode(_ response: HTTPResponse) throws(KubeError) -> Value {
        do {
            return try JSON.parse(response.body)
        } catch {
            throw KubeError.invalidResponse(url: response.url, detail: "body is not JSON (\(error.message))")
        }
    }

    func error(for response: HTTPResponse, resourceType: ResourceType?) -> KubeError {
        if let status = APIStatus.decode(response.body, httpStatus: response.status) {
            if status.code == 401 || response.status == 401 { return .unauthorized(status) }
            // A 404 that names no object means the path itself is not served: the CRD is missing.
            if response.status == 404, status.detailsName == nil, let resourceType {
                return .resourceTypeMissing(resourceType, server: endpoint.server)
            }
            return .server(status)
        }
        if response.status == 401 {
            return .unauthorized(APIStatus(code: 401, reason: "Unauthorized", message: "Unauthorized"))
        }
        if response.status == 404, let resourceType {
            return .resourceTypeMissing(resourceType, server: endpoint.server)
        }
        return .unexpectedResponse(code: response.status, body: String(response.bodyText.prefix(1024)), url: response.url)
    }

    private func reportWarnings(_ headers: [HTTPHeader]) {
        guard let onWarning else { return }
        for header in headers where header.name.lowercased() == "warning" {
            let text = Self.warningText(header.value)
            lock.lock()
            let isNew = seenWarnings.insert(text).inserted
            lock.unlock()
            if isNew { onWarning(text) }
        }
    }

    /// `299 - "text"` -> `text`.
    static func warningText(_ raw: String) -> String {
        let parts = raw.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3, var text = Optional(String(parts[2])), text.hasPrefix("\"") else { return raw }
        text.removeFirst()
        if let end = text.lastIndex(of: "\"") { text = String(text[..<end]) }
        return text.replacingOccurrences(of: "\\\"", with: "\"")
    }
}
