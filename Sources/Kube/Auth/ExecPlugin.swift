import GoCompat
import Foundation

/// One run of an exec credential plugin (spec §4.10), with kubectl's failure messages.
struct ExecPlugin {
    static let supportedVersions: Set<String> = [ExecConfig.v1, ExecConfig.v1beta1]

    static let installHelp = """


    It looks like you are trying to use a client-go credential plugin that is not installed.

    To learn more about this feature, consult the documentation available at:
          https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
    """

    var config: ExecConfig
    var environment: [String: String]
    var stdinIsTerminal: Bool
    var runner: ExecProcessRunner

    func run() throws(CredentialError) -> ExecCredentialDecoder.Output {
        guard Self.supportedVersions.contains(config.apiVersion) else {
            var msg = "exec plugin: invalid apiVersion \"\(config.apiVersion)\""
            if config.apiVersion.hasSuffix("/v1alpha1") { msg += " (v1alpha1 was removed; use client.authentication.k8s.io/v1)" }
            throw CredentialError(.exec, msg)
        }
        let interactive: Bool
        switch config.interactiveMode {
        case .never: interactive = false
        case .ifAvailable: interactive = stdinIsTerminal
        case .always:
            guard stdinIsTerminal else {
                throw CredentialError(.exec, "exec plugin cannot support interactive mode: standard input is not a terminal")
            }
            interactive = true
        }
        guard let executable = ExecProcessRunner.resolve(config.command, path: environment["PATH"]) else {
            var msg = "exec: executable \(config.command) not found" + Self.installHelp
            if !config.installHint.isEmpty { msg += "\n\n" + Self.sanitize(config.installHint) }
            throw CredentialError(.exec, msg)
        }
        var env = environment
        for v in config.env { env[v.name] = v.value }
        env["KUBERNETES_EXEC_INFO"] = ExecInfo.json(config: config, interactive: interactive)

        let result: ExecProcessRunner.Result
        do {
            result = try runner.run(executable: executable, arguments: config.args, environment: env, interactive: interactive)
        } catch {
            switch error {
            case .notFound:
                throw CredentialError(.exec, "exec: executable \(config.command) not found" + Self.installHelp)
            case .launch(let path, let reason):
                throw CredentialError(.exec, "exec: fork/exec \(path): \(reason)")
            case .timedOut(let seconds):
                throw CredentialError(.exec, "exec: executable \(config.command) did not finish within \(GoDuration.format(seconds)) and was stopped")
            case .outputTooLarge(let limit):
                throw CredentialError(.exec, "exec plugin \(config.command) returned invalid output: more than \(limit) bytes on stdout; expected an ExecCredential with apiVersion \(config.apiVersion)")
            }
        }
        if result.exitCode != 0 {
            throw CredentialError(.exec, "exec: executable \(config.command) failed with exit code \(result.exitCode)")
        }
        return try ExecCredentialDecoder.decode(result.stdout, config: config)
    }

    /// Control characters (ANSI escapes and the like) become `U+XXXX` text so a kubeconfig
    /// cannot drive the user's terminal; newlines stay.
    static func sanitize(_ hint: String) -> String {
        var out = ""
        for scalar in hint.unicodeScalars {
            if scalar != "\n" && (scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)) {
                out += String(format: "U+%04X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
