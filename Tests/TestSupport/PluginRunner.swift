import Foundation
import XCTest

/// Runs `kubectl rsip ...` through the real kubectl, which finds kubectl-rsip on PATH.
public struct PluginRunner: Sendable {
    public var kubeconfig: String?
    public var extraEnvironment: [String: String] = [:]

    public init(kubeconfig: String? = nil, extraEnvironment: [String: String] = [:]) {
        self.kubeconfig = kubeconfig
        self.extraEnvironment = extraEnvironment
    }

    /// The folder holding the freshly built kubectl-rsip (scripts/test.sh exports it).
    public static var binDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["RSIP_BIN_DIR"], !dir.isEmpty { return dir }
        return Repo.root.appendingPathComponent(".build/debug").path
    }

    public var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = "\(PluginRunner.binDirectory):\(env["PATH"] ?? "/usr/bin:/bin")"
        env["HOME"] = env["HOME"] ?? "/tmp"
        env.removeValue(forKey: "KUBECONFIG")
        if let kubeconfig { env["KUBECONFIG"] = kubeconfig }
        for name in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] { env.removeValue(forKey: name) }
        env["NO_COLOR"] = "1"
        // scripts/sanitize.sh: the plugin's own processes check for leaks, the test process not.
        if let options = env["RSIP_PLUGIN_ASAN_OPTIONS"] { env["ASAN_OPTIONS"] = options }
        for (k, v) in extraEnvironment { env[k] = v }
        return env
    }

    /// Points HOME and DOCKER_CONFIG at an empty folder removed after `test`, so no Docker
    /// credentials of the developer's leak into a test.
    public mutating func isolateDockerConfig(for test: XCTestCase) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-home-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        extraEnvironment["DOCKER_CONFIG"] = home
        extraEnvironment["HOME"] = home
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: home) }
    }

    public func rsip(_ args: String...) throws -> CommandResult { try rsip(args) }

    public func rsip(_ args: [String]) throws -> CommandResult {
        try runCommand("kubectl", ["rsip"] + args, environment: environment)
    }

    /// The plugin binary itself, without kubectl's plugin lookup in front: for suites that run
    /// hundreds of cases and compare output only (the lookup is tested elsewhere).
    public func rsipBinary(_ args: [String]) throws -> CommandResult {
        try runCommand(PluginRunner.binDirectory + "/kubectl-rsip", args, environment: environment)
    }

    public func kubectl(_ args: [String]) throws -> CommandResult {
        try runCommand("kubectl", args, environment: environment)
    }
}
