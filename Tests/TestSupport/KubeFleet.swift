import Foundation

/// A server that accepts TCP connections on 127.0.0.1 and never answers (`Tests/Emulator/silent_server.py`):
/// a cluster that hangs. A client's TLS handshake, or its request over plain HTTP, waits until the
/// client gives up. Stopped by PID in `stop()` / `deinit`.
public final class SilentServer: @unchecked Sendable {
    public let process: ServerProcess
    public var port: Int { process.port }
    /// `https://127.0.0.1:<port>` (nothing answers either way).
    public var server: String { "https://127.0.0.1:\(port)" }
    public static var scriptPath: String { Repo.root.appendingPathComponent("Tests/Emulator/silent_server.py").path }

    public init() throws {
        process = try ServerProcess(python: SilentServer.scriptPath)
    }

    public func stop() { process.stop() }

    deinit { stop() }
}

/// Several clusters as the contexts of ONE kubeconfig, for fleet commands (`--context a,b`,
/// `--all-contexts`): each member an emulator of its own, one reached with a token it rejects (401),
/// or a silent server (never answers). The kubeconfig lists the members in the order given, each
/// with its own cluster (`<context>-cluster`) and user (`<context>-user`) entries. Everything is
/// stopped by PID in `stop()` / `deinit`.
public final class KubeFleet: @unchecked Sendable {
    public enum Member: Sendable {
        /// An emulator reached with its own token. `arguments` are more emulator flags.
        case emulator(context: String, arguments: [String] = [], seed: Bool = true, namespace: String? = nil)
        /// An emulator reached with a token it does not accept: every API request answers 401.
        case unauthorized(context: String, namespace: String? = nil)
        /// A socket that accepts connections and never answers.
        case silent(context: String)
        /// An emulator reached as kubeconfig user `user`, whose `user:` body (lines indented by 4)
        /// is written once however many members name it: several contexts of one user, such as an
        /// exec plugin's (`arguments` then carry `--token T`, the token the plugin prints).
        case sharedUser(context: String, user: String, body: String, arguments: [String] = [], namespace: String? = nil)

        public var context: String {
            switch self {
            case .emulator(let c, _, _, _), .unauthorized(let c, _), .silent(let c), .sharedUser(let c, _, _, _, _): return c
            }
        }
    }

    /// The kubeconfig holding every member (the current context is the first one unless chosen).
    public let kubeconfig: String
    /// The context names in kubeconfig order.
    public let contexts: [String]
    /// Holds the kubeconfig and kubectl's discovery cache; removed by `stop()`.
    public let directory: String
    /// The emulators by context (the unauthorized ones too: their request logs show the 401s).
    public let emulators: [String: KubeEmulator]
    public let silentServers: [String: SilentServer]

    private let lock = NSLock()
    private var stopped = false

    public init(_ members: [Member], currentContext: String? = nil) throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("kube-fleet-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        directory = dir
        var emulators: [String: KubeEmulator] = [:]
        var silent: [String: SilentServer] = [:]
        var clusters = "", users = "", contextsText = ""
        var sharedUsers: Set<String> = []
        do {
            for m in members {
                let ctx = m.context
                var ns: String?
                var userName = "\(ctx)-user"
                switch m {
                case .emulator(_, let args, let seed, let namespace):
                    let e = try KubeEmulator(seed: seed, extraArgs: args)
                    emulators[ctx] = e
                    clusters += "- name: \(ctx)-cluster\n  cluster:\n" + e.clusterBody
                    users += "- name: \(ctx)-user\n  user:\n" + e.userBody(.token)
                    ns = namespace
                case .unauthorized(_, let namespace):
                    let e = try KubeEmulator()
                    emulators[ctx] = e
                    clusters += "- name: \(ctx)-cluster\n  cluster:\n" + e.clusterBody
                    users += "- name: \(ctx)-user\n  user:\n" + e.userBody(.customToken("rejected-" + KubeEmulator.randomToken()))
                    ns = namespace
                case .silent:
                    let s = try SilentServer()
                    silent[ctx] = s
                    clusters += "- name: \(ctx)-cluster\n  cluster:\n    server: \(s.server)\n    insecure-skip-tls-verify: true\n"
                    users += "- name: \(ctx)-user\n  user:\n    token: never-checked\n"
                case .sharedUser(_, let user, let body, let args, let namespace):
                    let e = try KubeEmulator(extraArgs: args)
                    emulators[ctx] = e
                    clusters += "- name: \(ctx)-cluster\n  cluster:\n" + e.clusterBody
                    if sharedUsers.insert(user).inserted { users += "- name: \(user)\n  user:\n" + body }
                    userName = user
                    ns = namespace
                }
                contextsText += "- name: \(ctx)\n  context:\n    cluster: \(ctx)-cluster\n    user: \(userName)\n"
                if let ns { contextsText += "    namespace: \(ns)\n" }
            }
        } catch {
            emulators.values.forEach { $0.stop() }
            silent.values.forEach { $0.stop() }
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
        self.emulators = emulators
        silentServers = silent
        contexts = members.map(\.context)
        kubeconfig = dir + "/kubeconfig.yaml"
        let current = currentContext ?? contexts.first ?? ""
        let text = "apiVersion: v1\nkind: Config\nclusters:\n\(clusters)users:\n\(users)contexts:\n\(contextsText)"
            + "current-context: \(current)\npreferences: {}\n"
        try text.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
    }

    /// The emulator behind a context (nil for a silent one).
    public func emulator(_ context: String) -> KubeEmulator? { emulators[context] }

    /// Runs the real `kubectl` with this fleet's kubeconfig (add `--context` yourself).
    public func kubectl(_ args: [String], environment extra: [String: String] = [:]) throws -> CommandResult {
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = kubeconfig
        env["KUBECACHEDIR"] = directory + "/kube-cache"
        env["HOME"] = directory
        env["NO_COLOR"] = "1"
        for (k, v) in extra { env[k] = v }
        return try runCommand(KubeEmulator.kubectlPath(), args, environment: env)
    }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        if stopped { return }
        stopped = true
        emulators.values.forEach { $0.stop() }
        silentServers.values.forEach { $0.stop() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }
}
