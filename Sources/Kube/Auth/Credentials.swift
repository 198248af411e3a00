import Foundation
import YAML

/// How the selected user authenticates, as read from the kubeconfig and flags. Several parts can
/// be set together (a token plus a client certificate); `CredentialProvider` applies client-go's
/// precedence. Descriptions are redacted: secrets never reach messages or logs.
public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Inline `token` or `--token`.
    public var token: String?
    /// `tokenFile` (absolute); its content wins over `token`, which is only a fallback.
    public var tokenFile: String?
    public var basic: BasicAuth?
    /// Static client certificate and key (PEM), also present in `ClusterConnection.tls`.
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    public var exec: ExecConfig?
    public var authProvider: AuthProviderConfig?
    /// The kubeconfig user these came from, for messages.
    public var userName: String

    public init(token: String? = nil, tokenFile: String? = nil, basic: BasicAuth? = nil,
                clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil, exec: ExecConfig? = nil,
                authProvider: AuthProviderConfig? = nil, userName: String = "") {
        self.token = token; self.tokenFile = tokenFile; self.basic = basic
        self.clientCertificatePEM = clientCertificatePEM; self.clientKeyPEM = clientKeyPEM
        self.exec = exec; self.authProvider = authProvider; self.userName = userName
    }

    public static let none = Credentials()

    /// The kinds of credentials present, e.g. `token, clientCertificate`; no values.
    public var kinds: [String] {
        var k: [String] = []
        if token != nil { k.append("token") }
        if tokenFile != nil { k.append("tokenFile") }
        if basic != nil { k.append("basicAuth") }
        if clientCertificatePEM != nil { k.append("clientCertificate") }
        if let exec { k.append("exec(\(exec.command))") }
        if let authProvider { k.append("auth-provider(\(authProvider.name))") }
        return k
    }

    public var description: String { "Credentials(user: \"\(userName)\", kinds: [\(kinds.joined(separator: ", "))], values redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}

public struct BasicAuth: Sendable, Equatable, CustomStringConvertible {
    public var username: String
    public var password: String
    public init(username: String, password: String) { self.username = username; self.password = password }
    public var description: String { "BasicAuth(username: \(username), password: <redacted>)" }
}

public struct ExecEnvVar: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
    /// Plugins often get secrets through env (AWS keys), so values are not printed.
    public var description: String { "\(name)=<redacted>" }
}

public enum ExecInteractiveMode: String, Sendable, Equatable {
    case never = "Never"
    case ifAvailable = "IfAvailable"
    case always = "Always"
}

/// kubeconfig `user.exec`, validated (spec §4.10).
public struct ExecConfig: Sendable, Equatable {
    public static let v1 = "client.authentication.k8s.io/v1"
    public static let v1beta1 = "client.authentication.k8s.io/v1beta1"

    public var apiVersion: String
    /// A bare name (looked up on PATH) or an absolute path (resolved against the kubeconfig).
    public var command: String
    public var args: [String]
    public var env: [ExecEnvVar]
    public var installHint: String
    public var provideClusterInfo: Bool
    public var interactiveMode: ExecInteractiveMode
    /// Cluster information sent in `KUBERNETES_EXEC_INFO` when `provideClusterInfo` is true.
    public var cluster: ExecClusterInfo?

    public init(apiVersion: String, command: String, args: [String] = [], env: [ExecEnvVar] = [],
                installHint: String = "", provideClusterInfo: Bool = false,
                interactiveMode: ExecInteractiveMode = .ifAvailable, cluster: ExecClusterInfo? = nil) {
        self.apiVersion = apiVersion; self.command = command; self.args = args; self.env = env
        self.installHint = installHint; self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode; self.cluster = cluster
    }
}

/// `spec.cluster` of an ExecCredential (client.authentication.k8s.io `Cluster`).
public struct ExecClusterInfo: Sendable, Equatable {
    /// The server as configured (after `--server`), not normalized, as client-go passes it.
    public var server: String
    public var tlsServerName: String
    public var insecureSkipTLSVerify: Bool
    public var certificateAuthorityData: [UInt8]?
    public var proxyURL: String
    public var disableCompression: Bool
    /// The cluster's `client.authentication.k8s.io/exec` extension.
    public var config: Value?

    public init(server: String, tlsServerName: String = "", insecureSkipTLSVerify: Bool = false,
                certificateAuthorityData: [UInt8]? = nil, proxyURL: String = "", disableCompression: Bool = false,
                config: Value? = nil) {
        self.server = server; self.tlsServerName = tlsServerName; self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.certificateAuthorityData = certificateAuthorityData; self.proxyURL = proxyURL
        self.disableCompression = disableCompression; self.config = config
    }
}

/// Legacy `user.auth-provider` (spec §4.11).
public struct AuthProviderConfig: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var config: [String: String]
    public init(name: String, config: [String: String] = [:]) { self.name = name; self.config = config }
    public var description: String { "AuthProviderConfig(name: \(name), config: <redacted>)" }
}
