import ArgumentParser
import Foundation
import HTTP
import Kube
import Provider
import YAML

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, the libraries in use and the kubeconfig that would be read.",
        discussion: """
            Examples:
              kubectl rsip version
              kubectl rsip version -o json
              KUBECONFIG=~/.kube/a:~/.kube/b kubectl rsip version
            """)

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: json or yaml.")
    var output: String?

    @Option(name: .customLong("kubeconfig"), help: "Path to the kubeconfig file to report.")
    var kubeconfig: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let files = Self.kubeconfigFiles(explicit: kubeconfig, environment: environment)
        let info: Value = [
            "kubectlRsip": .string("v" + Version.current),
            "libcurl": .string(HTTPClient.libcurlVersion),
            "libyaml": .string(YAML.libyamlVersion),
            "re2": .string(GoRegex.libraryName),
            "kubeconfig": .array(files.map(Value.string)),
        ]
        switch output {
        case "json": print(JSON.encodePretty(info), terminator: "")
        case "yaml": print(YAML.emit(info, sortKeys: false), terminator: "")
        case nil:
            print("kubectl-rsip: v\(Version.current)")
            print("libcurl:      \(HTTPClient.libcurlVersion)")
            print("libyaml:      \(YAML.libyamlVersion)")
            print("RE2:          \(GoRegex.libraryName)")
            print("kubeconfig:   \(files.isEmpty ? "<none found: in-cluster config or --kubeconfig>" : files.joined(separator: ":"))")
        case let other?:
            throw CommandFailure(
                "error: unable to match a printer suitable for the output format \"\(other)\", allowed formats are: json, yaml")
        }
    }

    /// The files client-go would read (spec 4.1), existing ones only, without parsing them.
    static func kubeconfigFiles(explicit: String?, environment: [String: String]) -> [String] {
        if let explicit { return [explicit] }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":").map(String.init)
                .filter { !$0.isEmpty && seen.insert($0).inserted && FileManager.default.fileExists(atPath: $0) }
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = home + "/.kube/config"
        return FileManager.default.fileExists(atPath: path) ? [path] : []
    }
}
