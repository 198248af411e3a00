import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Shell completion (spec §2): the real kubectl runs `kubectl_complete-rsip` from PATH for
/// `kubectl __complete rsip ...`, which forwards to `kubectl-rsip __complete` (cobra's protocol:
/// `value<TAB>description` lines, then `:<directive>`), against the API emulator's seed.
final class CompletionEndToEndTests: EmulatorTestCase {
    private var runner = PluginRunner()
    private var helperDirectory = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        // The helper as shipped, alone in a folder on PATH: it must find kubectl-rsip on PATH.
        helperDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rsip-complete-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: helperDirectory, withIntermediateDirectories: true)
        let shipped = Repo.root.appendingPathComponent("completions/kubectl_complete-rsip").path
        try FileManager.default.copyItem(atPath: shipped, toPath: helperDirectory + "/kubectl_complete-rsip")
        let dir = helperDirectory
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        runner = makeRunner(kubeconfig: try emulator.writeKubeconfig(namespace: "flux-system"))
    }

    private func makeRunner(kubeconfig: String?) -> PluginRunner {
        var r = PluginRunner(kubeconfig: kubeconfig)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        r.extraEnvironment["PATH"] = "\(helperDirectory):\(PluginRunner.binDirectory):\(path)"
        return r
    }

    /// `kubectl __complete rsip WORDS...`: the candidates (value, description) and the directive.
    private func complete(_ words: String..., with runner: PluginRunner? = nil,
                          file: StaticString = #filePath, line: UInt = #line) throws -> Completions {
        let r = try (runner ?? self.runner).kubectl(["__complete", "rsip"] + words)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains("About to call: \(helperDirectory)/kubectl_complete-rsip"),
                      "kubectl did not run our helper:\n\(r.stderr)", file: file, line: line)
        return try Completions(r.stdout)
    }

    /// `kubectl-rsip __complete WORDS...` directly, as the helper and our scripts run it.
    private func helper(_ words: [String], kubeconfig: String) throws -> (CommandResult, Double) {
        let env = makeRunner(kubeconfig: kubeconfig).environment
        let start = Date()
        let r = try runCommand(PluginRunner.binDirectory + "/kubectl-rsip", ["__complete"] + words, environment: env)
        return (r, Date().timeIntervalSince(start))
    }

    struct Completions {
        var candidates: [(value: String, description: String)] = []
        var directive: Int
        var values: [String] { candidates.map(\.value) }

        init(_ stdout: String) throws {
            var lines = stdout.split(separator: "\n").map(String.init)
            let last = try XCTUnwrap(lines.popLast(), "no output")
            XCTAssertTrue(last.hasPrefix(":"), "the last line is the directive: \(stdout)")
            directive = try XCTUnwrap(Int(last.dropFirst()), stdout)
            for line in lines {
                let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                candidates.append((parts[0], parts.count > 1 ? parts[1] : ""))
            }
        }

        func description(of value: String) -> String? { candidates.first { $0.value == value }?.description }
    }

    func testHelperIsShippedExecutable() throws {
        let shipped = Repo.root.appendingPathComponent("completions/kubectl_complete-rsip").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: shipped))
        let text = try String(contentsOfFile: shipped, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("#!/bin/sh"), text)
        XCTAssertTrue(text.contains("__complete \"$@\""), text)
    }

    func testSubcommandsWithDescriptions() throws {
        let c = try complete("")
        XCTAssertEqual(c.directive, 4)
        for name in ["get", "diff", "reconcile", "suspend", "resume", "simulate", "version", "completion"] {
            XCTAssertNotNil(c.description(of: name), "missing \(name): \(c.values)")
        }
        XCTAssertEqual(c.description(of: "get"),
                       "List ResourceSetInputProviders, or show providers and the inputs they exported.")
        XCTAssertFalse(c.values.contains("__complete"), "hidden commands stay hidden: \(c.values)")
        XCTAssertTrue(c.candidates.allSatisfy { !$0.description.isEmpty }, "\(c.candidates)")

        let s = try complete("s")
        XCTAssertEqual(Set(s.values), ["suspend", "simulate"])
        XCTAssertEqual(s.directive, 4)
    }

    func testProviderNamesFromTheContextNamespace() throws {
        let c = try complete("get", "")
        XCTAssertEqual(c.directive, 4)
        XCTAssertTrue(c.values.contains("app-microservices-tags"), "\(c.values)")
        XCTAssertEqual(c.description(of: "app-microservices-tags"), "Ready: True")
        let reference = try runner.kubectl(["get", "rsip", "-n", "flux-system", "-o", "name"])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = reference.stdout.split(separator: "\n").map { String($0.split(separator: "/").last!) }
        XCTAssertEqual(c.values.sorted(), expected.sorted())

        // The partial word filters; every command with a NAME completes names.
        for command in ["diff", "reconcile", "suspend", "resume", "simulate"] {
            let p = try complete(command, "app-mi")
            XCTAssertEqual(p.values, ["app-microservices-tags"], command)
        }
        // Naming a provider with -A is an error, so nothing is offered; get takes several NAMEs
        // (the ones given are not offered again), simulate one.
        XCTAssertEqual(try complete("get", "-A", "").values, [])
        XCTAssertEqual(try complete("get", "app-microservices-tags", "").values, ["app-frontend-tags"])
        XCTAssertEqual(try complete("simulate", "app-microservices-tags", "").values, [])
    }

    /// `kubectl rsip why NAME <TAB>`: the tags the provider exports, in its order.
    func testWhyCompletesTheExportedTags() throws {
        let c = try complete("why", "app-microservices-tags", "")
        XCTAssertEqual(c.values, ["app-microservice3", "app-microservice2", "app-microservice1"])
        XCTAssertEqual(c.candidates.first?.description, "sha256:c132cd79af42")
        XCTAssertEqual(c.directive & 32, 32, "keep the provider's order")
        XCTAssertEqual(try complete("why", "app-microservices-tags", "app-microservice1").values, ["app-microservice1"])
        XCTAssertEqual(try complete("why", "nope", "").values, [])
    }

    func testProviderNamesHonourNamespaceAndKubeconfigFlags() throws {
        let apps = try complete("get", "-n", "apps", "")
        let reference = try runner.kubectl(["get", "rsip", "-n", "apps", "-o", "name"])
        let expected = reference.stdout.split(separator: "\n").map { String($0.split(separator: "/").last!) }
        XCTAssertEqual(apps.values.sorted(), expected.sorted())
        XCTAssertFalse(apps.values.contains("app-microservices-tags"), "\(apps.values)")
        XCTAssertEqual(try complete("get", "--namespace=apps", "").values.sorted(), expected.sorted())

        // No KUBECONFIG at all: the --kubeconfig on the line is what counts.
        let file = try emulator.writeKubeconfig(namespace: "flux-system")
        let bare = makeRunner(kubeconfig: nil)
        let c = try complete("diff", "--kubeconfig", file, "-n", "flux-system", "app-", with: bare)
        XCTAssertTrue(c.values.contains("app-microservices-tags"), "\(c.values)")
    }

    func testNamespaces() throws {
        let c = try complete("get", "-n", "")
        XCTAssertEqual(c.directive, 4)
        let reference = try runner.kubectl(["get", "namespaces", "-o", "name"])
        let expected = reference.stdout.split(separator: "\n").map { String($0.split(separator: "/").last!) }
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(c.values.sorted(), expected.sorted())
        XCTAssertEqual(try complete("reconcile", "--namespace", "flux").values, ["flux-system"])
        // `--flag=partial`: values come without the `--flag=` (cobra's shells add it back).
        XCTAssertEqual(try complete("get", "--namespace=flux").values, ["flux-system"])
    }

    func testOutputFormatsPerCommand() throws {
        let get = try complete("get", "-o", "")
        XCTAssertEqual(Set(get.values), Self.getFormats)
        // NoFileComp and NoSpace: after `jsonpath=` comes the template, not a space.
        XCTAssertEqual(get.directive, 6)
        XCTAssertEqual(try complete("get", "--output=j").values, ["json", "jsonpath=", "jsonpath-as-json=", "jsonpath-file="])
        let go = try complete("get", "-o", "go")
        XCTAssertEqual(go.values, ["go-template=", "go-template-file="])
        XCTAssertEqual(go.directive, 6)
        let yaml = try complete("get", "-o", "ya")
        XCTAssertEqual(yaml.values, ["yaml"])
        XCTAssertEqual(yaml.directive, 4, "a complete format takes its space")
        XCTAssertEqual(try complete("get", "-o", "cu").values, ["custom-columns=", "custom-columns-file="])
        XCTAssertEqual(Set(try complete("diff", "--output", "").values), Set(["json", "yaml", "wide"]).union(Self.reportTemplates))
        XCTAssertEqual(Set(try complete("simulate", "app-microservices-tags", "-o", "").values), Set(["json", "yaml"]).union(Self.reportTemplates))
        XCTAssertEqual(Set(try complete("why", "app-microservices-tags", "-o", "").values), Set(["json", "yaml"]).union(Self.reportTemplates))
        XCTAssertEqual(Set(try complete("version", "-o", "").values), ["json", "yaml"])
    }

    static let reportTemplates: Set<String> = ["jsonpath=", "jsonpath-as-json=", "jsonpath-file="]
    static let getFormats: Set<String> = ["wide", "yaml", "json", "name", "jsonpath=", "jsonpath-as-json=", "jsonpath-file=",
                                          "custom-columns=", "custom-columns-file=", "go-template=", "go-template-file=",
                                          "template=", "templatefile="]

    func testContextNamesFromTheMergedKubeconfig() throws {
        let first = try emulator.writeKubeconfig(namespace: "flux-system")
        let second = emulator.directory + "/kubeconfig-staging-\(UUID().uuidString.prefix(8)).yaml"
        try """
        apiVersion: v1
        kind: Config
        clusters:
        - name: staging
          cluster: {server: "https://127.0.0.1:1"}
        users:
        - name: staging-user
          user: {token: nope}
        contexts:
        - name: staging
          context: {cluster: staging, user: staging-user}
        - name: emulator
          context: {cluster: staging, user: staging-user}
        current-context: staging

        """.write(toFile: second, atomically: true, encoding: .utf8)
        let merged = makeRunner(kubeconfig: "\(first):\(second)")
        let c = try complete("get", "--context", "", with: merged)
        XCTAssertEqual(c.values, ["emulator", "staging"])
        XCTAssertEqual(c.description(of: "emulator"), "current context")
        XCTAssertEqual(c.directive, 4)
        // --kubeconfig already on the line: only that file.
        XCTAssertEqual(try complete("get", "--kubeconfig", second, "--context", "", with: merged).values,
                       ["emulator", "staging"])
        XCTAssertEqual(try complete("get", "--kubeconfig=\(first)", "--context", "", with: merged).values, ["emulator"])
        XCTAssertEqual(try complete("diff", "--context=st", with: merged).values, ["staging"])
        // --context changes which cluster the names come from: staging is unreachable.
        XCTAssertEqual(try complete("get", "--context", "staging", "", with: merged).values, [])
    }

    func testFlagNames() throws {
        let c = try complete("diff", "--c")
        XCTAssertEqual(c.directive, 4)
        XCTAssertFalse(c.values.isEmpty)
        XCTAssertTrue(c.values.allSatisfy { $0.hasPrefix("--c") }, "\(c.values)")
        for flag in ["--context", "--cluster", "--concurrency", "--certificate-authority", "--client-certificate"] {
            XCTAssertTrue(c.values.contains(flag), "missing \(flag): \(c.values)")
        }
        XCTAssertEqual(c.description(of: "--context"), "The name of the kubeconfig context to use.")

        let single = try complete("get", "-")
        for flag in ["-n", "-o", "-A", "-l", "--namespace", "--output", "--all-namespaces", "--no-headers"] {
            XCTAssertTrue(single.values.contains(flag), "missing \(flag): \(single.values)")
        }
        // A flag already given is not offered again.
        XCTAssertFalse(try complete("get", "-o", "yaml", "--o").values.contains("--output"))
        // `-f` completes files with these extensions (directive 8).
        let files = try complete("diff", "-f", "")
        XCTAssertEqual(files.directive, 8)
        XCTAssertEqual(Set(files.values), ["yaml", "yml", "json"])
        // The shells' completion for `completion`.
        XCTAssertEqual(Set(try complete("completion", "").values), ["bash", "zsh", "fish"])
    }

    func testUnreachableServerGivesOnlyTheDirectiveQuickly() throws {
        let refused = emulator.directory + "/kubeconfig-refused-\(UUID().uuidString.prefix(8)).yaml"
        try unreachableKubeconfig(server: "https://127.0.0.1:1").write(toFile: refused, atomically: true, encoding: .utf8)
        let start = Date()
        let r = try makeRunner(kubeconfig: refused).kubectl(["__complete", "rsip", "get", ""])
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, ":4\n")

        // A server that accepts connections and never answers: capped by the helper's deadline.
        // (Through kubectl this takes longer: kubectl 1.32 itself waits on such a server before
        // it calls the helper, so the helper is timed directly.)
        let listener = try SilentListener()
        defer { listener.close() }
        let hanging = emulator.directory + "/kubeconfig-hang-\(UUID().uuidString.prefix(8)).yaml"
        try unreachableKubeconfig(server: "https://127.0.0.1:\(listener.port)")
            .write(toFile: hanging, atomically: true, encoding: .utf8)
        for words in [["get", ""], ["get", "-n", ""]] {
            let (h, seconds) = try helper(words, kubeconfig: hanging)
            XCTAssertLessThan(seconds, TimeBound.seconds(3), "\(words)")
            XCTAssertEqual(h.status, 0)
            XCTAssertEqual(h.stdout, ":4\n", "\(words)")
            XCTAssertEqual(h.stderr, "", "the helper is silent on stderr")
        }
    }

    func testExecPluginNeverPrompts() throws {
        // A credential plugin that asks for a password on stderr and waits on stdin.
        let script = emulator.directory + "/prompting-plugin-\(UUID().uuidString.prefix(8)).sh"
        try "#!/bin/sh\necho 'Password:' >&2\nread answer\nsleep 30\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let config = emulator.directory + "/kubeconfig-exec-\(UUID().uuidString.prefix(8)).yaml"
        let user = "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \(script)\n"
            + "      interactiveMode: IfAvailable"
        try unreachableKubeconfig(server: emulator.server, user: user, caFile: emulator.caFile)
            .write(toFile: config, atomically: true, encoding: .utf8)
        let (r, seconds) = try helper(["get", ""], kubeconfig: config)
        XCTAssertLessThan(seconds, TimeBound.seconds(3))
        XCTAssertEqual(r.stdout, ":4\n")
        XCTAssertEqual(r.stderr, "", "neither a prompt nor an error on stderr")
    }

    private func unreachableKubeconfig(server: String, user: String = "    token: nope", caFile: String? = nil) -> String {
        let ca = caFile.map { "    certificate-authority: \($0)\n" } ?? "    insecure-skip-tls-verify: true\n"
        return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: \(server)
        \(ca)users:
        - name: u
          user:
        \(user)
        contexts:
        - name: ctx
          context: {cluster: c, user: u, namespace: flux-system}
        current-context: ctx

        """
    }

    // MARK: completion scripts for kubectl-rsip itself

    private func script(_ shell: String) throws -> String {
        let r = try runCommand(PluginRunner.binDirectory + "/kubectl-rsip", ["completion", shell],
                               environment: runner.environment)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertFalse(r.stdout.isEmpty)
        XCTAssertTrue(r.stdout.contains("__complete"), "the script asks __complete: \(r.stdout)")
        return r.stdout
    }

    private func writeScript(_ text: String, _ name: String) throws -> String {
        let path = helperDirectory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static func shellInstalled(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    func testBashScriptParsesAndCompletes() throws {
        let text = try script("bash")
        XCTAssertTrue(text.contains("complete -o default -F"), text)
        let path = try writeScript(text, "rsip.bash")
        let syntax = try runCommand("bash", ["-n", path])
        XCTAssertEqual(syntax.status, 0, syntax.stderr)

        // Drive the completion function the way bash does: COMP_LINE up to the cursor.
        let driver = try writeScript("""
            source "$1"
            shift
            COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
            read -r -a COMP_WORDS <<< "$COMP_LINE"
            [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            __kubectl_rsip_complete
            printf '%s\\n' "${COMPREPLY[@]}"
            """, "drive.bash")
        func run(_ line: String) throws -> [String] {
            let r = try runCommand("bash", [driver, path, line], environment: runner.environment)
            XCTAssertEqual(r.status, 0, r.stderr)
            return r.stdout.split(separator: "\n").map(String.init)
        }
        XCTAssertEqual(try run("kubectl-rsip g"), ["get"])
        XCTAssertTrue(try run("kubectl-rsip get ").contains("app-microservices-tags"))
        XCTAssertEqual(try run("kubectl-rsip get --output=y"), ["yaml"])
        XCTAssertEqual(Set(try run("kubectl-rsip completion ")), ["bash", "zsh", "fish"])
    }

    func testZshScriptParses() throws {
        let text = try script("zsh")
        XCTAssertTrue(text.hasPrefix("#compdef kubectl-rsip"), text)
        XCTAssertTrue(text.contains("compdef _kubectl_rsip kubectl-rsip"), text)
        XCTAssertTrue(Self.shellInstalled("zsh"), "zsh is missing: scripts/setup.sh installs it")
        let path = try writeScript(text, "_kubectl-rsip")
        let r = try runCommand("zsh", ["-n", path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testFishScriptParsesAndCompletes() throws {
        let text = try script("fish")
        XCTAssertTrue(text.contains("complete -c kubectl-rsip"), text)
        XCTAssertTrue(Self.shellInstalled("fish"), "fish is missing: scripts/setup.sh installs it")
        let path = try writeScript(text, "kubectl-rsip.fish")
        let syntax = try runCommand("fish", ["-n", path])
        XCTAssertEqual(syntax.status, 0, syntax.stderr)
        // fish can complete a command line without a terminal: `complete -C`.
        var env = runner.environment
        env["XDG_CONFIG_HOME"] = helperDirectory
        env["XDG_DATA_HOME"] = helperDirectory
        let r = try runCommand("fish", ["--no-config", "-c", "source \(path); complete -C'kubectl-rsip get -o '"],
                               environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let values = r.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        XCTAssertEqual(Set(values), Self.getFormats, r.stdout)
    }
}

/// A TCP listener that never accepts: connections complete in the kernel, and then nothing.
private final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard sock >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(sock, 16) == 0 else { Glibc.close(sock); throw POSIXError(.EADDRINUSE) }
        var out = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) }
        }
        fd = sock
        port = Int(UInt16(bigEndian: out.sin_port))
    }

    func close() { Glibc.close(fd) }
}
