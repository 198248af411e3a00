import ArgumentParser
import Kube

/// kubectl's global flags, declared once and shared by every command through `@OptionGroup`.
struct KubeOptions: ParsableArguments {
    /// The line every command's help ends with, since these flags are hidden from it.
    static let helpNote = "Global flags: kubectl's connection flags work here too (--kubeconfig, --context, -n, -s, --token, --as, --request-timeout, -v=N, ...); list them with --help-hidden."

    @Option(name: .customLong("kubeconfig"), help: "Path to the kubeconfig file to use for CLI requests.")
    var kubeconfig: String?

    @Option(help: "The name of the kubeconfig context to use.")
    var context: String?

    @Option(help: "The name of the kubeconfig cluster to use.")
    var cluster: String?

    @Option(help: "The name of the kubeconfig user to use.")
    var user: String?

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace scope for this CLI request.")
    var namespace: String?

    @Option(name: [.customShort("s"), .customLong("server")], help: "The address and port of the Kubernetes API server.")
    var server: String?

    @Option(name: .customLong("certificate-authority"), help: "Path to a cert file for the certificate authority.")
    var certificateAuthority: String?

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Do not check the server's certificate (insecure).")
    var insecureSkipTLSVerify = false

    @Option(name: .customLong("tls-server-name"), help: "Server name to use for certificate validation.")
    var tlsServerName: String?

    @Flag(name: .customLong("disable-compression"), help: "Opt-out of response compression for all requests.")
    var disableCompression = false

    @Option(help: "Bearer token for authentication to the API server.")
    var token: String?

    @Option(name: .customLong("client-certificate"), help: "Path to a client certificate file for TLS.")
    var clientCertificate: String?

    @Option(name: .customLong("client-key"), help: "Path to a client key file for TLS.")
    var clientKey: String?

    @Option(help: "Username for basic authentication to the API server.")
    var username: String?

    @Option(help: "Password for basic authentication to the API server.")
    var password: String?

    @Option(name: .customLong("as"), help: "Username to impersonate for the operation.")
    var impersonate: String?

    @Option(name: .customLong("as-group"), help: "Group to impersonate for the operation (repeatable).")
    var impersonateGroups: [String] = []

    @Option(name: .customLong("as-uid"), help: "UID to impersonate for the operation.")
    var impersonateUID: String?

    @Option(name: .customLong("request-timeout"),
            help: "How long to wait for a single server request (0 = no timeout; 30, 10s, 1m).")
    var requestTimeout: String?

    @Option(name: [.customShort("v"), .customLong("v")], help: "Log level: 6 logs requests, 8 adds headers and bodies.")
    var verbosity: Int = 0

    @Flag(name: .customLong("warnings-as-errors"), help: "Treat warnings received from the server as errors.")
    var warningsAsErrors = false

    /// The flags as client-go's loading rules take them.
    var overrides: KubeconfigOverrides {
        KubeconfigOverrides(
            kubeconfig: kubeconfig, context: context, cluster: cluster, user: user, namespace: namespace,
            server: server, token: token, certificateAuthority: certificateAuthority,
            clientCertificate: clientCertificate, clientKey: clientKey,
            insecureSkipTLSVerify: insecureSkipTLSVerify ? true : nil, tlsServerName: tlsServerName,
            username: username, password: password, impersonate: impersonate, impersonateGroups: impersonateGroups,
            impersonateUID: impersonateUID, requestTimeout: requestTimeout,
            disableCompression: disableCompression ? true : nil)
    }
}
