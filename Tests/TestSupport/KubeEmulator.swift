import Foundation

/// The project's Kubernetes API emulator (`Tests/Emulator/kube_emulator.py`), started on 127.0.0.1 over
/// HTTPS with a throw-away CA, server certificate and client certificate made by `openssl` at test time,
/// plus random bearer tokens. Stopped by PID in `stop()` / `deinit`, which also removes the temp dir.
///
/// Talk to it with the real `kubectl` (`writeKubeconfig` + `kubectl(...)`) or through `request(...)`
/// (which shells out to `curl`). The test hooks under `/_emulator/` need no credentials.
public final class KubeEmulator: @unchecked Sendable {
    public enum Auth: Sendable, Equatable {
        /// The emulator's bearer token.
        case token
        /// Any bearer token (e.g. a wrong one, to provoke 401).
        case customToken(String)
        /// The client certificate signed by the emulator's CA.
        case clientCert
        /// No credentials at all (kubectl may prompt for a username on 401: avoid with kubectl).
        case none
    }

    /// One line of the emulator's request log.
    public struct RequestRecord: Decodable, Sendable, CustomStringConvertible {
        public var method: String
        public var path: String
        /// The raw (percent-encoded) query string.
        public var query: String
        /// The decoded query parameters (last value wins).
        public var params: [String: String]
        public var contentType: String
        public var accept: String
        public var userAgent: String
        /// `Impersonate-User` and `Impersonate-Group` headers, when sent.
        public var impersonate: String?
        public var impersonateGroups: [String]?
        /// `token`, `basic`, `client-cert`, `none` (no credentials) or `invalid-token`.
        public var auth: String
        public var status: Int
        /// The request body (first 4 KiB), for writes.
        public var body: String
        public var description: String { "\(method) \(path)\(query.isEmpty ? "" : "?" + query) -> \(status) [\(auth)]" }
    }

    public struct EmulatorError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let process: ServerProcess
    public let port: Int
    public let scheme: String
    public var server: String { "\(scheme)://127.0.0.1:\(port)" }
    /// The bearer token the emulator accepts.
    public let token: String
    /// A second accepted token (for tests of token switching).
    public let secondToken: String
    public let caFile: String
    public let caPEM: String
    public let clientCertFile: String
    public let clientKeyFile: String
    /// The temp dir holding certs, keys, kubeconfigs and the request log; removed by `stop()`.
    public let directory: String
    /// The request log file (one JSON line per request).
    public let logFile: String
    /// The emulator's stderr (tracebacks land there); see `stderrText`.
    public let stderrFile: String
    /// What the emulator wrote to stderr so far.
    public var stderrText: String { (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? "" }
    public static var scriptPath: String { Repo.root.appendingPathComponent("Tests/Emulator/kube_emulator.py").path }
    public static var seedDirectory: String { Repo.root.appendingPathComponent("Tests/Emulator/seed").path }
    /// The opt-in HelmRelease scenario, loaded on top of the default seed (see Tests/Emulator/README.md).
    public static var helmSeedDirectory: String { Repo.root.appendingPathComponent("Tests/Emulator/seed-helm").path }

    /// The Receiver CRD the emulator serves with `--receivers`: as notification-controller ships it
    /// (no fluxcd.controlplane.io kind in `spec.resources[].kind`), or as a FluxInstance patches it.
    public enum ReceiverCRD: String, Sendable {
        case unpatched, patched
    }

    /// Emulator flags for the HelmRelease scenario: `seed-helm` on top of the default seed, and
    /// Receivers with the given CRD (`nil`: Receivers and CRDs are not served).
    public static func helmScenario(receivers: ReceiverCRD? = .unpatched) -> [String] {
        ["--seed", helmSeedDirectory] + (receivers.map { ["--receivers", $0.rawValue] } ?? [])
    }

    private let lock = NSLock()
    private var stopped = false
    /// Its own hooks and requests then skip verification (the certificate is bad on purpose).
    private let serverCertificateExpired: Bool

    /// - Parameters:
    ///   - seed: load `Tests/Emulator/seed/*.json` (namespaces flux-system and apps, RSIPs, a ResourceSet...).
    ///   - crd: `false` starts with `--no-crd`: the fluxcd.controlplane.io group is not served.
    ///   - extraArgs: more emulator flags, e.g. `["--simulate-controller"]`, `["--history", "10"]`,
    ///     `["--bookmark-interval", "1"]`, `["--seed", path]`, `["--plain-http"]`, `["--crds"]`,
    ///     `["--receivers", "patched"]`, `KubeEmulator.helmScenario()`.
    /// - Throws: `ServerProcess.LaunchError` carrying the emulator's stderr when it does not start.
    ///   - expiredServerCertificate: serve a certificate from the emulator's CA that expired yesterday.
    public init(seed: Bool = true, crd: Bool = true, extraArgs: [String] = [], expiredServerCertificate: Bool = false) throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("kube-emulator-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        directory = dir
        serverCertificateExpired = expiredServerCertificate
        do {
            try KubeEmulator.makeCertificates(in: dir, serverDays: expiredServerCertificate ? -1 : 2)
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
        caFile = dir + "/ca.crt"
        clientCertFile = dir + "/client.crt"
        clientKeyFile = dir + "/client.key"
        caPEM = (try? String(contentsOfFile: caFile, encoding: .utf8)) ?? ""
        token = KubeEmulator.randomToken()
        secondToken = KubeEmulator.randomToken()
        logFile = dir + "/requests.jsonl"
        stderrFile = dir + "/emulator.stderr"
        var args = ["--tls-cert", dir + "/server.crt", "--tls-key", dir + "/server.key", "--client-ca", caFile,
                    "--token", token, "--token", secondToken, "--log", logFile]
        if seed { args += ["--seed", KubeEmulator.seedDirectory] }
        if !crd { args.append("--no-crd") }
        args += extraArgs
        scheme = extraArgs.contains("--plain-http") ? "http" : "https"
        do {
            process = try ServerProcess(python: KubeEmulator.scriptPath, arguments: args, stderrPath: stderrFile)
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
        port = process.port
    }

    deinit { stop() }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        if stopped { return }
        stopped = true
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: kubeconfig and kubectl

    /// Writes a kubeconfig for this emulator (cluster "emulator", user "emulator-user", context "emulator",
    /// current) and returns its path. `namespace` becomes the context namespace.
    @discardableResult
    public func writeKubeconfig(path: String? = nil, auth: Auth = .token, namespace: String? = nil) throws -> String {
        try writeKubeconfig(path: path, user: userBody(auth), namespace: namespace)
    }

    /// The body of a kubeconfig `user:` entry for `auth` (each line indented by 4; "" for none).
    public func userBody(_ auth: Auth) -> String {
        switch auth {
        case .token: return "    token: \(token)\n"
        case .customToken(let t): return "    token: \(t)\n"
        case .clientCert: return "    client-certificate: \(clientCertFile)\n    client-key: \(clientKeyFile)\n"
        case .none: return ""
        }
    }

    /// The body of a kubeconfig `cluster:` entry for this emulator (each line indented by 4).
    public var clusterBody: String {
        var body = "    server: \(server)\n"
        if scheme == "https" { body += "    certificate-authority: \(caFile)\n" }
        return body
    }

    /// The same with this `user:` body, as written (each line indented by 4; "" for none): exec
    /// plugins, basic auth, inline certificate data.
    @discardableResult
    public func writeKubeconfig(path: String? = nil, user body: String, namespace: String? = nil) throws -> String {
        let file = path ?? directory + "/kubeconfig-\(UUID().uuidString.prefix(8)).yaml"
        let userBlock = body.isEmpty ? "  user: {}\n" : "  user:\n" + body
        let clusterBlock = "  cluster:\n" + clusterBody
        let ns = namespace.map { "    namespace: \($0)\n" } ?? ""
        let text = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: emulator
        \(clusterBlock)users:
        - name: emulator-user
        \(userBlock)contexts:
        - name: emulator
          context:
            cluster: emulator
            user: emulator-user
        \(ns)current-context: emulator
        preferences: {}

        """
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    private var defaultKubeconfig: String?

    /// Runs the real `kubectl` against this emulator. A kubeconfig is written on first use (token auth,
    /// no namespace) unless `kubeconfig` is given. The discovery cache goes to this emulator's temp dir.
    public func kubectl(_ args: [String], kubeconfig: String? = nil, stdin: String? = nil,
                       environment extra: [String: String] = [:]) throws -> CommandResult {
        let config: String
        if let kubeconfig { config = kubeconfig } else {
            lock.lock()
            if defaultKubeconfig == nil { defaultKubeconfig = try? writeKubeconfig() }
            let c = defaultKubeconfig
            lock.unlock()
            guard let c else { throw EmulatorError(description: "cannot write kubeconfig in \(directory)") }
            config = c
        }
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = config
        env["KUBECACHEDIR"] = directory + "/kube-cache"
        env["HOME"] = directory
        env["NO_COLOR"] = "1"
        for (k, v) in extra { env[k] = v }
        return try runCommand(KubeEmulator.kubectlPath(), ["--kubeconfig", config] + args, environment: env, stdin: stdin)
    }

    public static func kubectlPath() -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/kubectl"
    }

    // MARK: raw HTTP (through curl)

    public struct Response: Sendable {
        public var status: Int
        public var body: String
        public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
    }

    /// Sends one request with curl (CA-verified, unless the emulator serves an expired
    /// certificate on purpose). `auth: .token` adds the bearer token.
    public func request(_ method: String, _ path: String, body: String? = nil,
                        contentType: String = "application/json", accept: String? = nil,
                        auth: Auth = .token) throws -> Response {
        var args = ["-sS", "-X", method, "-o", "-", "-w", "\n%{http_code}"]
        if scheme == "https" { args += serverCertificateExpired ? ["--insecure"] : ["--cacert", caFile] }
        switch auth {
        case .token: args += ["-H", "Authorization: Bearer \(token)"]
        case .customToken(let t): args += ["-H", "Authorization: Bearer \(t)"]
        case .clientCert: args += ["--cert", clientCertFile, "--key", clientKeyFile]
        case .none: break
        }
        if let accept { args += ["-H", "Accept: \(accept)"] }
        if body != nil { args += ["-H", "Content-Type: \(contentType)", "--data-binary", "@-"] }
        args.append(server + path)
        let r = try runCommand("/usr/bin/curl", args, stdin: body)
        guard r.status == 0 else { throw EmulatorError(description: "curl \(method) \(path) failed: \(r.stderr)") }
        var text = r.stdout
        guard let nl = text.lastIndex(of: "\n"), let code = Int(text[text.index(after: nl)...]) else {
            throw EmulatorError(description: "curl \(method) \(path): unexpected output \(text)")
        }
        text = String(text[..<nl])
        return Response(status: code, body: text)
    }

    private func hook(_ method: String, _ path: String, _ body: String? = nil) throws -> Response {
        let r = try request(method, path, body: body, auth: .none)
        guard r.status == 200 else {
            throw EmulatorError(description: "emulator hook \(method) \(path) answered \(r.status): \(r.body)")
        }
        return r
    }

    // MARK: test hooks

    /// The request log (hooks under /_emulator are not logged).
    public func requests() throws -> [RequestRecord] {
        let r = try hook("GET", "/_emulator/requests")
        return try JSONDecoder().decode([RequestRecord].self, from: Data(r.body.utf8))
    }

    public func resetLog() throws { _ = try hook("POST", "/_emulator/reset-log") }

    /// API requests in flight now, the most at once since start or `resetStats`, and how many.
    public struct Stats: Decodable, Sendable {
        public var inFlight: Int
        public var maxInFlight: Int
        public var total: Int
    }

    public func stats() throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: Data(try hook("GET", "/_emulator/stats").body.utf8))
    }

    public func resetStats() throws { _ = try hook("POST", "/_emulator/reset-stats") }

    /// Stores an object (or a `List` of objects) exactly as given, including `status`; bumps
    /// resourceVersion and emits watch events. Returns the stored object as JSON text.
    @discardableResult
    public func apply(json: String) throws -> String { try hook("POST", "/_emulator/objects", json).body }

    /// Same as `apply(json:)` from a JSON-serialisable value.
    @discardableResult
    public func apply(object: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try apply(json: String(decoding: data, as: UTF8.self))
    }

    /// Injects a fault. Fields: `path` (regex on the URL path), `method`, `status`, `count`
    /// (how many requests it hits; absent = all), `delay` (seconds, to stall), `retryAfter`,
    /// `message`, `reason`, `text` (a non-Status body), `body` (a JSON body).
    public func addFault(_ fault: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: fault)
        _ = try hook("POST", "/_emulator/faults", String(decoding: data, as: UTF8.self))
    }

    public func resetFaults() throws { _ = try hook("POST", "/_emulator/reset-faults") }

    /// Drops the watch history: every older resourceVersion now gets 410 Expired on watch.
    public func compactHistory() throws { _ = try hook("POST", "/_emulator/compact") }

    /// Configures the fake controller (acknowledges `reconcile.fluxcd.io/requestedAt` on RSIPs).
    /// Keys: `enabled` (Bool), `delay` (seconds), `ready` ("True"/"False"/"Unknown"), `reason`, `message`.
    public func setController(_ settings: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: settings)
        _ = try hook("POST", "/_emulator/controller", String(decoding: data, as: UTF8.self))
    }

    /// Makes an object's last status write by its controller (`manager`, default the kind's
    /// controller: `flux-operator` for providers) look as if it happened `secondsAgo` seconds ago: the
    /// `time` of its `managedFields` entry for the status subresource (made when missing). A provider
    /// whose last write is old looks like it stopped scanning. Returns the stored object as JSON text.
    @discardableResult
    public func setStatusWriteTime(namespace: String, name: String, secondsAgo: Double,
                                   kind: String = "ResourceSetInputProvider", manager: String? = nil) throws -> String {
        try statusWriteTime(["namespace": namespace, "name": name, "kind": kind, "secondsAgo": secondsAgo], manager)
    }

    /// The same at a fixed time (RFC 3339, e.g. `2026-11-25T10:00:31Z`).
    @discardableResult
    public func setStatusWriteTime(namespace: String, name: String, time: String,
                                   kind: String = "ResourceSetInputProvider", manager: String? = nil) throws -> String {
        try statusWriteTime(["namespace": namespace, "name": name, "kind": kind, "time": time], manager)
    }

    private func statusWriteTime(_ body: [String: Any], _ manager: String?) throws -> String {
        var body = body
        if let manager { body["manager"] = manager }
        let data = try JSONSerialization.data(withJSONObject: body)
        return try hook("POST", "/_emulator/status-write-time", String(decoding: data, as: UTF8.self)).body
    }

    /// Stores the Secret Helm's storage driver writes for `release` (built by the emulator from the
    /// description: gzip, then base64, of the release JSON). Returns the Secret as JSON text.
    @discardableResult
    public func storeHelmRelease(_ release: HelmStorageRelease) throws -> String {
        try apply(object: release.object)
    }

    // MARK: helpers

    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", g.next() as UInt64) }.joined()
    }

    /// CA, server cert (SAN IP:127.0.0.1, DNS:localhost) and client cert (CN=emulator-admin,
    /// O=system:masters), ECDSA P-256, valid for 2 days (the server's for `serverDays`; negative:
    /// already expired).
    static func makeCertificates(in dir: String, serverDays: Int = 2) throws {
        func openssl(_ args: [String]) throws {
            let r = try runCommand("/usr/bin/openssl", args, currentDirectory: dir)
            if r.status != 0 {
                throw EmulatorError(description: "openssl \(args.joined(separator: " ")) failed: \(r.stderr)")
            }
        }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                     "-subj", "/CN=kube-emulator-ca",
                     "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
            .write(toFile: dir + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
            .write(toFile: dir + "/client.ext", atomically: true, encoding: .utf8)
        try openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "server.crt", "-days", String(serverDays), "-extfile", "server.ext"])
        try openssl(["req"] + ec + ["-keyout", "client.key", "-out", "client.csr",
                     "-subj", "/O=system:masters/CN=emulator-admin"])
        try openssl(["x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "client.crt", "-days", "2", "-extfile", "client.ext"])
    }
}
