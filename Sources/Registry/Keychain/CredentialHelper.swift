import YAML
import GoCompat

/// The docker-credential-helpers protocol, `get` only: the server address on stdin, a JSON
/// `{"ServerURL","Username","Secret"}` on stdout. `Username` `<token>` means `Secret` is an
/// identity token. The message "credentials not found in native keychain" (exit 1, on stdout
/// as the helpers write it) means anonymous.
struct CredentialHelper {
    static let notFoundMessage = "credentials not found in native keychain"
    static let tokenUsername = "<token>"

    var name: String
    var environment: [String: String]
    var timeout: Double
    var maxOutputBytes: Int

    func get(_ server: String) throws -> DockerAuthEntry? {
        let command = "docker-credential-" + name
        guard let path = HelperProcess.lookPath(command, path: environment["PATH"]) else {
            throw KeychainError.helper(name: name, server: server, detail:
                "\(command) is not on PATH: install it, or remove \"\(name)\" from credsStore/credHelpers in the Docker config")
        }
        let output: HelperProcess.Output
        do {
            output = try HelperProcess(timeout: timeout, maxOutputBytes: maxOutputBytes)
                .run(path, arguments: ["get"], input: Array(server.utf8), environment: environment)
        } catch let failure as HelperProcess.Failure {
            let detail: String
            switch failure {
            case .notFound(let c): detail = "\(c) is not on PATH"
            case .launch(let p, let reason): detail = "cannot start \(p): \(reason)"
            case .timedOut(let s): detail = "no answer within \(GoDuration.format(s)); is it waiting for a password or a GUI prompt?"
            case .outputTooLarge(let limit): detail = "it wrote more than \(limit) bytes"
            }
            throw KeychainError.helper(name: name, server: server, detail: detail)
        }
        let stdoutText = String(decoding: output.stdout, as: UTF8.self)
        let stderrText = String(decoding: output.stderr, as: UTF8.self)
        guard output.exitCode == 0 else {
            if stdoutText.trimmingGoSpace() == Self.notFoundMessage || stderrText.trimmingGoSpace() == Self.notFoundMessage {
                return nil
            }
            let status = output.exitCode.map { "exit status \($0)" } ?? "killed by a signal"
            throw KeychainError.helper(name: name, server: server, detail: "\(status): \(Self.safeFirstLine(stderr: stderrText, stdout: stdoutText))")
        }
        let document: Value
        do { document = try JSON.parse(output.stdout) } catch {
            throw KeychainError.helper(name: name, server: server, detail: "its answer is not JSON")
        }
        guard case .object(let object) = document else {
            throw KeychainError.helper(name: name, server: server, detail: "its answer is \(document.kindDescription), expected a JSON object")
        }
        let username: String, secret: String
        do {
            username = try KeychainJSONFields.string(object, "Username")
            secret = try KeychainJSONFields.string(object, "Secret")
        } catch {
            throw KeychainError.helper(name: name, server: server, detail: "its answer has a non-string Username or Secret")
        }
        if username == Self.tokenUsername { return DockerAuthEntry(key: server, identityToken: secret) }
        return DockerAuthEntry(key: server, username: username, password: secret)
    }

    /// The first line of stderr, else of stdout, never anything that looks like the JSON answer
    /// (which would carry the secret), and short.
    static func safeFirstLine(stderr: String, stdout: String) -> String {
        for text in [stderr, stdout] {
            let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init)?.trimmingGoSpace() ?? ""
            if line.isEmpty || line.hasPrefix("{") || line.contains("\"Secret\"") { continue }
            return line.count > 200 ? String(line.prefix(200)) + "…" : line
        }
        return "no error message"
    }
}
