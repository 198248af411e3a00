import ArgumentParser
import Foundation
import HTTP
import GoRegexp
import YAML

struct VersionCommand: FormattedCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, the libraries in use and the kubeconfig that would be read.",
        discussion: """
            'kubectl rsip --version' prints the same.

            Examples:
              kubectl rsip version
              kubectl rsip version -o json
              KUBECONFIG=~/.kube/a:~/.kube/b kubectl rsip version
            """)

    @OptionGroup var output: OutputOptions<VersionFormat>

    @Option(name: .customLong("kubeconfig"), help: "Path to the kubeconfig file to report.")
    var kubeconfig: String?

    func execute(_ context: CommandContext) throws -> Int32 {
        let format = try output.format()
        let files = Self.kubeconfigFiles(explicit: kubeconfig, environment: context.environment)
        let info: Value = [
            "kubectlRsip": .string("v" + Version.current),
            "libcurl": .string(HTTPClient.libcurlVersion),
            "libcurlFallbacks": .array(HTTPClient.libcurlFallbacks.map(Value.string)),
            "libyaml": .string(YAML.libyamlVersion),
            "re2": .string(GoRegex.libraryName),
            "kubeconfig": .array(files.map(Value.string)),
        ]
        switch format {
        case .json: context.stdout.write(JSON.encodePretty(info))
        case .yaml: context.stdout.write(YAML.emit(info, sortKeys: false))
        case .text:
            let fallbacks = HTTPClient.libcurlFallbacks.map { "\n              instead: \($0)" }.joined()
            context.stdout.write("""
                kubectl-rsip: v\(Version.current)
                libcurl:      \(HTTPClient.libcurlVersion)\(fallbacks)
                libyaml:      \(YAML.libyamlVersion)
                RE2:          \(GoRegex.libraryName)
                kubeconfig:   \(files.isEmpty ? "<none found: in-cluster config or --kubeconfig>" : files.joined(separator: ":"))

                """)
        }
        return 0
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
