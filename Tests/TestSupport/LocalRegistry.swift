import Foundation

/// A real OCI registry for tests: Debian's `docker-registry` (CNCF distribution 2.8.2) on
/// 127.0.0.1, with its config, storage and key material in a private temp directory.
///
/// - `mode`: plain HTTP, TLS (server certificate from a throw-away CA), or mutual TLS (client
///   certificate required).
/// - `auth`: none, htpasswd (bcrypt, cost 4 by default), or token auth through
///   `Tests/Fixtures/registry/token_server.py` (RS256 or ES256 JWTs, `x5c` or libtrust `kid`).
/// - Deleting is enabled. Note distribution 2.8 ignores `n`/`last` on tags/list and does not sort:
///   put a `RegistryFront` in front for pagination.
///
/// Every process is stopped by PID in `stop()` / `deinit`, which also removes the temp directory.
public final class LocalRegistry: @unchecked Sendable {
    public enum Mode: Sendable { case plain, tls, mutualTLS }
    public enum Auth: Sendable {
        case none
        case htpasswd(user: String, password: String)
        case token(user: String, password: String)
    }
    public enum TokenAlgorithm: String, Sendable { case rs256 = "RS256", es256 = "ES256" }
    public enum TokenKeyReference: String, Sendable { case x5c, kid }

    /// What the token server does with the next token requests (test hook).
    public enum TokenServerMode: Sendable {
        case normal
        /// 200 with a JSON body holding neither `token` nor `access_token`.
        case noToken
        /// Answers `status` with an error body.
        case fail(status: Int)
    }

    /// One token request as the token server saw it (never a password or token).
    public struct TokenRequest: Decodable, Sendable {
        public var method: String
        public var path: String
        public var scopes: [String]
        public var service: String
        public var account: String
        public var grantType: String
        public var clientId: String
        /// `Basic`, `Bearer` or "" (none).
        public var authScheme: String
        public var user: String
        public var offline: Bool
        public var status: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let mode: Mode
    public let auth: Auth
    /// `127.0.0.1:PORT`, the registry's own address.
    public let host: String
    public let port: Int
    /// `http` or `https`.
    public let scheme: String
    public var baseURL: String { "\(scheme)://\(host)" }
    /// The private temp directory (config, storage, keys); removed by `stop()`.
    public let directory: String
    public let configFile: String

    /// TLS material (nil in `.plain` mode). The client certificate is signed by the same CA and is
    /// present for `.tls` too (the registry just does not ask for it there).
    public let certificates: TestCertificates?
    public let caFile: String?
    public let caPEM: String?
    public let clientCertFile: String?
    public let clientKeyFile: String?
    public let clientCertPEM: String?
    public let clientKeyPEM: String?

    /// The credentials of `auth` (nil for `.none`).
    public let user: String?
    public let password: String?

    /// Token auth: the realm URL, service and issuer the registry was configured with.
    public let tokenRealm: String?
    public let tokenService: String?
    public let tokenIssuer: String?
    /// Token auth: an OAuth2 refresh token the token server accepts for `user`, i.e. what a
    /// dockerconfigjson `identitytoken` would hold (random per run).
    public let identityToken: String?

    public var pid: Int32 { process.processIdentifier }
    public var tokenServerPID: Int32? { tokenServer?.pid }

    private let process: Process
    private let output: OutputCollector
    private var tokenServer: ServerProcess?
    private let lock = NSLock()
    private var stopped = false

    /// - Parameters:
    ///   - certificates: TLS material to use (default: a new EC CA in the registry's directory).
    ///   - bcryptCost: htpasswd bcrypt cost (4 keeps Basic auth cheap: it is checked per request).
    ///   - tokenExpiresIn: `expires_in` of issued tokens (seconds).
    ///   - tokenACL: per user, name regexes the user may access (default: everything).
    public init(mode: Mode = .plain, auth: Auth = .none,
                tokenAlgorithm: TokenAlgorithm = .rs256, tokenKeyReference: TokenKeyReference = .x5c,
                tokenExpiresIn: Int = 300, tokenACL: [String: [String]]? = nil,
                anonymousPullPrefix: String = "public/",
                certificates: TestCertificates? = nil, bcryptCost: Int = 4) throws {
        guard let binary = LocalRegistry.registryBinary() else {
            throw Failure(description: "docker-registry is not installed (scripts/setup.sh installs Debian's docker-registry)")
        }
        self.mode = mode
        self.auth = auth
        let dir = try TestCertificates.makeTempDirectory(prefix: "rsip-registry")
        directory = dir
        configFile = (dir as NSString).appendingPathComponent("config.yml")
        func p(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        var cleanup: [() -> Void] = [{ try? FileManager.default.removeItem(atPath: dir) }]
        var success = false
        defer { if !success { cleanup.reversed().forEach { $0() } } }

        // TLS material.
        var certs: TestCertificates? = nil
        if mode != .plain {
            certs = try certificates ?? TestCertificates(keyType: .ec, directory: dir)
        }
        self.certificates = certs
        scheme = mode == .plain ? "http" : "https"
        caFile = certs?.caFile
        caPEM = certs?.caPEM
        clientCertFile = certs?.clientCertFile
        clientKeyFile = certs?.clientKeyFile
        clientCertPEM = certs?.clientCertPEM
        clientKeyPEM = certs?.clientKeyPEM

        // Auth.
        var authYAML = ""
        var realm: String? = nil, service: String? = nil, issuer: String? = nil, identity: String? = nil
        var tokenServer: ServerProcess? = nil
        switch auth {
        case .none:
            user = nil; password = nil
        case .htpasswd(let u, let pw):
            user = u; password = pw
            let line = try LocalRegistry.bcryptLine(user: u, password: pw, cost: bcryptCost)
            try LocalRegistry.writePrivate(p("htpasswd"), line + "\n")
            authYAML = "auth:\n  htpasswd:\n    realm: \"rsip-test-registry\"\n    path: \(LocalRegistry.q(p("htpasswd")))\n"
        case .token(let u, let pw):
            user = u; password = pw
            let signerCerts: TestCertificates
            if let certs { signerCerts = certs } else { signerCerts = try TestCertificates(keyType: .ec, directory: dir) }
            let signer = try signerCerts.selfSigned(name: "token-signer", commonName: "rsip-token-signer",
                                                    keyType: tokenAlgorithm == .rs256 ? .rsa : .ec)
            let refresh = TestCertificates.randomSecret()
            service = "rsip-test-registry"
            issuer = "rsip-test-issuer"
            identity = refresh
            var cfg: [String: Any] = [
                "key": signer.key, "cert": signer.cert, "alg": tokenAlgorithm.rawValue,
                "keyRef": tokenKeyReference.rawValue, "issuer": issuer!, "expiresIn": tokenExpiresIn,
                "users": [u: pw], "refreshTokens": [refresh: u], "anonymousPrefix": anonymousPullPrefix,
            ]
            if let tokenACL { cfg["acl"] = tokenACL }
            let cfgFile = p("token-server.json")
            try LocalRegistry.writePrivate(cfgFile, String(decoding: try JSONSerialization.data(withJSONObject: cfg), as: UTF8.self))
            let ts = try ServerProcess(python: Repo.fixture("registry/token_server.py").path, arguments: [cfgFile])
            tokenServer = ts
            cleanup.append { ts.stop() }
            realm = "http://127.0.0.1:\(ts.port)/token"
            authYAML = """
            auth:
              token:
                realm: \(LocalRegistry.q(realm!))
                service: \(LocalRegistry.q(service!))
                issuer: \(LocalRegistry.q(issuer!))
                rootcertbundle: \(LocalRegistry.q(signer.cert))

            """
        }
        tokenRealm = realm; tokenService = service; tokenIssuer = issuer; identityToken = identity
        self.tokenServer = tokenServer

        var tlsYAML = ""
        if let certs {
            tlsYAML = "  tls:\n    certificate: \(LocalRegistry.q(certs.serverCertFile))\n    key: \(LocalRegistry.q(certs.serverKeyFile))\n"
            if mode == .mutualTLS { tlsYAML += "    clientcas: [\(LocalRegistry.q(certs.caFile))]\n" }
        }

        // Start on a free port; if another process takes it between probe and bind, try again.
        var lastError = ""
        for _ in 0..<8 {
            let port = try LocalRegistry.freePort()
            let config = """
            version: 0.1
            log:
              level: info
              formatter: text
              accesslog: {disabled: false}
            storage:
              filesystem: {rootdirectory: \(LocalRegistry.q(p("data")))}
              delete: {enabled: true}
              maintenance: {uploadpurging: {enabled: false}}
            http:
              addr: 127.0.0.1:\(port)
              secret: \(TestCertificates.randomSecret())
            \(tlsYAML)health: {storagedriver: {enabled: false}}
            \(authYAML)
            """
            try LocalRegistry.writePrivate(configFile, config)
            let proc = Process()
            proc.executableURL = URL(fileURLWithPath: binary)
            proc.arguments = ["serve", configFile]
            proc.currentDirectoryURL = URL(fileURLWithPath: dir)
            let pipe = Pipe()
            proc.standardOutput = pipe
            proc.standardError = pipe
            proc.standardInput = FileHandle.nullDevice
            let collector = OutputCollector(fd: pipe.fileHandleForReading.fileDescriptor, marker: "listening on")
            try proc.run()
            try? pipe.fileHandleForWriting.close()
            collector.start(pipe: pipe)
            switch collector.waitForMarker(timeout: 15) {
            case .found:
                process = proc
                output = collector
                host = "127.0.0.1:\(port)"
                self.port = port
                success = true
                return
            case .ended, .timedOut:
                lastError = collector.text
                if proc.isRunning { kill(proc.processIdentifier, SIGKILL) }
                proc.waitUntilExit()
                if !lastError.contains("address already in use") {
                    throw Failure(description: "docker-registry did not start: \(lastError)")
                }
            }
        }
        throw Failure(description: "docker-registry found no free port: \(lastError)")
    }

    deinit { stop() }

    /// Stops the registry and the token server by PID and removes the temp directory.
    public func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        lock.unlock()
        LocalRegistry.terminate(process)
        tokenServer?.stop()
        output.waitForEnd(timeout: 2)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The registry's log so far (info level with the access log: method, path, status, agent).
    public func log() -> String { output.text }

    // MARK: - content

    /// The default artifact content: a small Kubernetes manifest, like `flux push artifact` packs.
    public static let defaultContent = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  key: value\n"

    /// Pushes one Flux-style OCI artifact (config `application/vnd.cncf.flux.config.v1+json` `{}`,
    /// one `application/vnd.cncf.flux.content.v1.tar+gzip` layer holding `manifest.yaml` =
    /// `content`, OCI image manifest) as `repository:tag`; returns the manifest digest.
    /// The manifest depends on `content` only, so pushing the same content under two tags gives
    /// both the same digest, and different content gives a different digest.
    @discardableResult
    public func push(repository: String, tag: String, content: String = LocalRegistry.defaultContent) throws -> String {
        let items: [[String: String]] = [["tag": tag, "content": content, "revision": "main@sha1:" + LocalRegistry.hexDigest(content)]]
        let out = try client("push", repository: repository, input: items)
        guard let d = out[tag] ?? nil else { throw Failure(description: "push of \(repository):\(tag) returned no digest") }
        return d
    }

    /// Pushes many tags at once (16 parallel keep-alive connections; 1000 tags take ~2 s). Every
    /// tag gets its own manifest (its revision annotation names the tag), hence its own digest.
    public func push(repository: String, tags: [String], content: String = LocalRegistry.defaultContent) throws -> [String: String] {
        if tags.isEmpty { return [:] }
        let items: [[String: String]] = tags.map { ["tag": $0, "content": content, "revision": "\($0)@sha1:" + LocalRegistry.hexDigest($0)] }
        return try client("push", repository: repository, input: items).compactMapValues { $0 }
    }

    /// Deletes the manifest `tag` points to (distribution cannot delete a tag alone): every other
    /// tag on the same manifest disappears too. Returns nothing; throws if the tag is unknown.
    public func deleteTag(repository: String, tag: String) throws {
        _ = try client("delete", repository: repository, input: [tag])
    }

    /// The manifest digest of `repository:tag` (HEAD with the full Accept list), nil if unknown.
    public func digest(repository: String, tag: String) throws -> String? {
        try client("digest", repository: repository, input: [tag])[tag] ?? nil
    }

    /// A `.dockerconfigjson` document holding this registry's credentials (`username`, `password`,
    /// `auth`), keyed by `host` — what a `kubernetes.io/dockerconfigjson` Secret carries.
    /// `identityToken: true` (token auth only) writes the `identitytoken` instead of the password.
    public func dockerConfigJSON(identityToken useIdentity: Bool = false) -> String {
        var entry: [String: String] = [:]
        if useIdentity, let identityToken {
            entry = ["username": "<token>", "identitytoken": identityToken]
        } else if let user, let password {
            entry = ["username": user, "password": password,
                     "auth": Data("\(user):\(password)".utf8).base64EncodedString()]
        }
        let doc = ["auths": [host: entry]]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `curl` arguments for TLS (`--cacert`, and `--cert`/`--key` in mTLS mode) and, with
    /// `credentials: true`, Basic credentials (`-u`; htpasswd mode, or the token realm).
    public func curlArguments(credentials: Bool = false) -> [String] {
        var args: [String] = []
        if let caFile { args += ["--cacert", caFile] }
        if mode == .mutualTLS, let clientCertFile, let clientKeyFile { args += ["--cert", clientCertFile, "--key", clientKeyFile] }
        if credentials, let user, let password { args += ["-u", "\(user):\(password)"] }
        return args
    }

    // MARK: - token server hooks

    /// Fetches a token for `scope` (e.g. `repository:team/app:pull`) from the token server with
    /// the configured credentials (anonymous with `anonymous: true`).
    public func bearerToken(scope: String, anonymous: Bool = false) throws -> String {
        guard let tokenRealm, let tokenService else { throw Failure(description: "not a token-auth registry") }
        var comps = URLComponents(string: tokenRealm)!
        comps.queryItems = [URLQueryItem(name: "service", value: tokenService), URLQueryItem(name: "scope", value: scope)]
        var args = ["-s", "-w", "\n%{http_code}", comps.url!.absoluteString]
        var stdin: String? = nil
        if !anonymous, let user, let password {
            args += ["-K", "-"]  // credentials through stdin, never argv
            let esc = "\(user):\(password)".replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            stdin = "user = \"\(esc)\"\n"
        }
        let r = try runCommand("curl", args, stdin: stdin)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.last == "200", let obj = try JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8)) as? [String: Any],
              let tok = (obj["token"] ?? obj["access_token"]) as? String else {
            throw Failure(description: "token server answered \(lines.last ?? "?") for \(scope)")
        }
        return tok
    }

    /// Makes the token server answer the next `count` token requests (all, when nil) with `mode`;
    /// `expiresIn` overrides the lifetime of tokens issued from now on.
    public func setTokenServer(_ mode: TokenServerMode, count: Int? = nil, expiresIn: Int? = nil) throws {
        var body: [String: Any] = [:]
        switch mode {
        case .normal: body["mode"] = "normal"
        case .noToken: body["mode"] = "no-token"
        case .fail(let status): body["mode"] = "fail"; body["status"] = status
        }
        if let count { body["count"] = count }
        if let expiresIn { body["expiresIn"] = expiresIn }
        _ = try tokenHook("POST", "/_token/mode", body: body)
    }

    /// The token requests seen so far.
    public func tokenRequests() throws -> [TokenRequest] {
        try JSONDecoder().decode([TokenRequest].self, from: Data(try tokenHook("GET", "/_token/requests").utf8))
    }

    public func resetTokenRequests() throws { _ = try tokenHook("DELETE", "/_token/requests") }

    // MARK: - private

    private func tokenHook(_ method: String, _ path: String, body: [String: Any]? = nil) throws -> String {
        guard let ts = tokenServer else { throw Failure(description: "not a token-auth registry") }
        var args = ["-s", "-f", "-X", method, "http://127.0.0.1:\(ts.port)\(path)"]
        var stdin: String? = nil
        if let body {
            args += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
            stdin = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        }
        let r = try runCommand("curl", args, stdin: stdin)
        guard r.status == 0 else { throw Failure(description: "token server hook \(method) \(path) failed: \(r.stderr)") }
        return r.stdout
    }

    private func client(_ command: String, repository: String, input: Any) throws -> [String: String?] {
        var args = ["-W", "ignore", Repo.fixture("registry/registry_client.py").path, "--url", baseURL,
                    "--repository", repository]
        if let caFile { args += ["--cacert", caFile] }
        if mode == .mutualTLS, let clientCertFile, let clientKeyFile { args += ["--cert", clientCertFile, "--key", clientKeyFile] }
        args.append(command)
        var env = ProcessInfo.processInfo.environment
        if let user, let password { env["REGISTRY_USER"] = user; env["REGISTRY_PASSWORD"] = password }
        let stdin = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let r = try runCommand(ServerProcess.python3(), args, environment: env, stdin: stdin)
        guard r.status == 0 else {
            throw Failure(description: "registry \(command) \(repository) failed: \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw Failure(description: "registry \(command): unexpected output \(r.stdout)")
        }
        return obj.mapValues { $0 as? String }
    }

    static func registryBinary() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") + ["/usr/bin"] {
            let c = "\(dir)/docker-registry"
            if FileManager.default.isExecutableFile(atPath: c) { return c }
        }
        return nil
    }

    /// A YAML double-quoted scalar (JSON string syntax is valid YAML).
    static func q(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst().dropLast())
    }

    static func writePrivate(_ path: String, _ text: String) throws {
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "cannot write \(path)") }
    }

    static func hexDigest(_ s: String) -> String {
        // Not cryptographic: a stable 40-hex-digit revision id (FNV-1a, widened) for annotations.
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        var out = ""
        var x = h
        for _ in 0..<3 { out += String(format: "%016llx", x); x = (x ^ (x >> 29)) &* 0xbf58476d1ce4e5b9 }
        return String(out.prefix(40))
    }

    /// A bcrypt htpasswd line: Python's `crypt` (libxcrypt, `$2b$`), else apache2-utils'
    /// `htpasswd -B` (`$2y$`). The password goes through stdin, never argv.
    static func bcryptLine(user: String, password: String, cost: Int) throws -> String {
        let script = """
        import crypt, sys
        pw = sys.stdin.read()
        h = crypt.crypt(pw, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=\(1 << cost)))
        assert h and h.startswith("$2")
        print(h)
        """
        if let r = try? runCommand(ServerProcess.python3(), ["-W", "ignore", "-c", script], stdin: password),
           r.status == 0, r.stdout.hasPrefix("$2") {
            return "\(user):\(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
        if let r = try? runCommand("htpasswd", ["-niB", "-C", "\(max(cost, 4))", user], stdin: password + "\n"),
           r.status == 0, r.stdout.contains(":$2") {
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        throw Failure(description: "no bcrypt available: Python's crypt module is missing and htpasswd (apache2-utils) is not installed")
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read it, close).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let b = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard b == 0 else { throw Failure(description: "bind() failed: errno \(errno)") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// SIGTERM, wait up to 5 s, then SIGKILL; always reaps.
    static func terminate(_ p: Process) {
        guard p.isRunning else { return }
        kill(p.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while p.isRunning && Date() < deadline { usleep(5_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
    }
}

/// Reads a child's combined output on its own thread: signals when a marker line appears (the
/// readiness signal, no polling), keeps draining afterwards so the child never blocks, and keeps
/// the text (the last 4 MiB) for `log()`.
final class OutputCollector: @unchecked Sendable {
    enum WaitResult { case found, ended, timedOut }
    private let fd: Int32
    private let marker: String
    private let lock = NSLock()
    private var buffer = Data()
    private var found = false
    private var ended = false
    private let changed = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var pipe: Pipe?

    init(fd: Int32, marker: String) {
        self.fd = fd
        self.marker = marker
    }

    func start(pipe: Pipe) {
        self.pipe = pipe  // keep the read end open while the thread reads
        let t = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { break }
                lock.lock()
                buffer.append(contentsOf: chunk[0..<n])
                if buffer.count > 4 << 20 { buffer.removeFirst(buffer.count - (4 << 20)) }
                let newlyFound = !found && String(decoding: buffer, as: UTF8.self).contains(marker)
                if newlyFound { found = true }
                lock.unlock()
                if newlyFound { changed.signal() }
            }
            lock.lock(); ended = true; lock.unlock()
            changed.signal()
            done.signal()
        }
        t.start()
    }

    func waitForMarker(timeout: TimeInterval) -> WaitResult {
        let deadline = DispatchTime.now() + timeout
        while true {
            lock.lock()
            let (f, e) = (found, ended)
            lock.unlock()
            if f { return .found }
            if e { return .ended }
            if changed.wait(timeout: deadline) == .timedOut { return .timedOut }
        }
    }

    func waitForEnd(timeout: TimeInterval) {
        if done.wait(timeout: .now() + timeout) == .success { done.signal() }
    }

    var text: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: buffer, as: UTF8.self)
    }
}
