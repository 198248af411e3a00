import Foundation
import XCTest
@testable import Kube

/// What commands on several contexts need from the kubeconfig: every context in kubeconfig
/// order, and one credential provider per user, so an exec plugin runs once per user and never
/// beside itself.
final class FleetConfigTests: XCTestCase {
    private func context(_ name: String, cluster: String, user: String, namespace: String? = nil) -> String {
        "- name: \(name)\n  context: {cluster: \(cluster), user: \(user)\(namespace.map { ", namespace: \($0)" } ?? "")}\n"
    }

    func testContextsComeInKubeconfigOrderAcrossFiles() throws {
        let sb = try ConfigSandbox()
        try sb.write("a.yaml", """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c1
          cluster: {server: "https://one.test"}
        users:
        - name: u1
          user: {token: t}
        contexts:
        \(context("zeta", cluster: "c1", user: "u1"))\(context("alpha", cluster: "c1", user: "u1"))\(context("mid", cluster: "c1", user: "u1", namespace: "one"))current-context: zeta
        """)
        try sb.write("b.yaml", """
        apiVersion: v1
        kind: Config
        contexts:
        \(context("beta", cluster: "c2", user: "u2"))\(context("mid", cluster: "c2", user: "u2", namespace: "two"))
        """)
        let loader = sb.loader(env: ["KUBECONFIG": sb.root + "/a.yaml:" + sb.root + "/b.yaml"])
        let contexts = try loader.contexts()
        // The first file's list as written, then the second file's new names; `mid` keeps its
        // first place and its first entry (client-go's merge: the first file wins).
        XCTAssertEqual(contexts.map(\.name), ["zeta", "alpha", "mid", "beta"])
        XCTAssertEqual(contexts[2], KubeconfigContext(name: "mid", cluster: "c1", user: "u1", namespace: "one"))
        XCTAssertEqual(contexts[3].cluster, "c2")
        // kubectl's own listings sort by name; completion keeps doing so.
        XCTAssertEqual(try loader.names().contexts, ["alpha", "beta", "mid", "zeta"])
        // --kubeconfig reads that file alone, relative to the current directory.
        XCTAssertEqual(try loader.contexts(kubeconfig: "b.yaml").map(\.name), ["beta", "mid"])
    }

    /// The plugin of `AuthExecTests`, counting its runs, with its start and end times in a log
    /// and a pause, so runs that overlap would show.
    static let plugin = #"""
    #!/bin/sh
    dir="$(dirname "$0")"
    echo "start $1 $(date +%s.%N)" >> "$dir/log"
    sleep 0.3
    echo "end $1 $(date +%s.%N)" >> "$dir/log"
    printf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"tok-%s"}}' "$1"
    """#

    private func fleetConfig(_ sb: ConfigSandbox, provideClusterInfo: Bool = false) throws {
        try sb.write("bin/plugin.sh", Self.plugin, mode: 0o755)
        try sb.write("config", """
        apiVersion: v1
        kind: Config
        clusters:
        - name: eu
          cluster: {server: "https://eu.test:6443"}
        - name: us
          cluster: {server: "https://us.test:6443"}
        users:
        - name: sso
          user:
            exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/plugin.sh, args: [sso], interactiveMode: IfAvailable, provideClusterInfo: \(provideClusterInfo)}
        - name: other
          user:
            exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/plugin.sh, args: [other], interactiveMode: IfAvailable}
        - name: static
          user: {token: static-token}
        contexts:
        \(context("eu", cluster: "eu", user: "sso"))\(context("us", cluster: "us", user: "sso"))\(context("eu-other", cluster: "eu", user: "other"))\(context("eu-static", cluster: "eu", user: "static"))current-context: eu
        """)
    }

    private func options(_ sb: ConfigSandbox, terminal: Bool) -> CredentialProviderOptions {
        CredentialProviderOptions(environment: ["PATH": "/usr/bin:/bin", "HOME": sb.root], stdinIsTerminal: terminal,
                                  execStderr: FileHandle(forWritingAtPath: "/dev/null"))
    }

    private func runs(_ sb: ConfigSandbox) -> [(user: String, start: Double, end: Double)] {
        var starts: [(String, Double)] = []
        var out: [(user: String, start: Double, end: Double)] = []
        for line in (sb.read("bin/log") ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 3, let time = Double(parts[2]) else { continue }
            if parts[0] == "start" {
                starts.append((parts[1], time))
            } else if let i = starts.firstIndex(where: { $0.0 == parts[1] }) {
                out.append((parts[1], starts[i].1, time))
                starts.remove(at: i)
            }
        }
        return out
    }

    func testOneUsersExecPluginRunsOnceForAllItsContexts() throws {
        let sb = try ConfigSandbox()
        try fleetConfig(sb)
        let cache = CredentialProviderCache()
        let options = options(sb, terminal: false)
        let connections = try ["eu", "us", "eu-other", "eu-static"].map {
            try sb.load("config", KubeconfigOverrides(context: $0))
        }
        let providers = connections.map { cache.provider(for: $0, options: options) }
        XCTAssertTrue(providers[0] === providers[1], "eu and us share the user sso: one provider")
        XCTAssertFalse(providers[0] === providers[2], "another user's plugin is another provider")
        XCTAssertEqual(cache.count, 2, "only exec users are kept")
        // Eight contexts asking at once: the plugin runs once, never beside itself.
        let tokens = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            if let token = try? providers[i % 2].current().bearerToken { tokens.append(token) }
        }
        XCTAssertEqual(tokens.value, Array(repeating: "tok-sso", count: 8))
        XCTAssertEqual(runs(sb).map(\.user), ["sso"])
        XCTAssertEqual(providers[0].execRuns, 1)
        XCTAssertEqual(try providers[3].current().bearerToken, "static-token")
    }

    func testProvideClusterInfoKeepsOneRunPerCluster() throws {
        let sb = try ConfigSandbox()
        try fleetConfig(sb, provideClusterInfo: true)
        let cache = CredentialProviderCache()
        let options = options(sb, terminal: false)
        let eu = cache.provider(for: try sb.load("config", KubeconfigOverrides(context: "eu")), options: options)
        let us = cache.provider(for: try sb.load("config", KubeconfigOverrides(context: "us")), options: options)
        XCTAssertFalse(eu === us, "the plugin is told the cluster, so each cluster has its own run (as client-go keys it)")
        _ = try eu.current()
        _ = try us.current()
        XCTAssertEqual(runs(sb).count, 2)
    }

    /// Plugins that may prompt (stdin is a terminal, interactiveMode allows it) take turns, even
    /// for different users; plugins that cannot prompt need not.
    func testPluginsThatMayPromptNeverRunTogether() throws {
        let sb = try ConfigSandbox()
        try fleetConfig(sb)
        let cache = CredentialProviderCache()
        let options = options(sb, terminal: true)
        let sso = cache.provider(for: try sb.load("config", KubeconfigOverrides(context: "eu")), options: options)
        let other = cache.provider(for: try sb.load("config", KubeconfigOverrides(context: "eu-other")), options: options)
        DispatchQueue.concurrentPerform(iterations: 2) { i in _ = try? (i == 0 ? sso : other).current() }
        let done = runs(sb).sorted { $0.start < $1.start }
        XCTAssertEqual(done.count, 2, "\(done)")
        XCTAssertLessThanOrEqual(done[0].end, done[1].start, "the second prompt waited for the first: \(done)")
    }
}

/// A value shared by the threads of a test.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func append<T>(_ element: T) where Value == [T] { lock.lock(); stored.append(element); lock.unlock() }
}
