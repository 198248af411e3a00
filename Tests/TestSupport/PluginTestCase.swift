import Foundation
import XCTest

/// The base of the end-to-end suites: the real kubectl runs kubectl-rsip (`runner`) against this
/// class's emulator, with a kubeconfig whose context namespace is `contextNamespace` and Docker
/// credentials isolated from the developer's; `startRegistry` starts Debian's docker-registry for
/// one test and stops it (by PID) when the test ends; the emulator's faults are reset around each
/// test.
open class PluginTestCase: EmulatorTestCase {
    /// The namespace of the kubeconfig context (nil: none, so `default`).
    open class var contextNamespace: String? { "flux-system" }

    public var runner = PluginRunner()
    private var registries: [LocalRegistry] = []

    override open func setUpWithError() throws {
        try super.setUpWithError()
        runner = PluginRunner(kubeconfig: try emulator.writeKubeconfig(namespace: Self.contextNamespace))
        try runner.isolateDockerConfig(for: self)
        try emulator.resetFaults()
    }

    override open func tearDown() {
        for registry in registries { registry.stop() }
        registries = []
        try? emulator.resetFaults()
        super.tearDown()
    }

    /// A registry for this test only (plain HTTP, no auth unless asked).
    public func startRegistry(mode: LocalRegistry.Mode = .plain, auth: LocalRegistry.Auth = .none) throws -> LocalRegistry {
        let registry = try LocalRegistry(mode: mode, auth: auth)
        registries.append(registry)
        return registry
    }

    /// A command's stdout as a JSON object; the test fails with what it printed otherwise.
    public func json(_ r: CommandResult, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout + r.stderr,
                      file: file, line: line)
    }
}
