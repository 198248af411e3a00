import ArgumentParser

/// The root command. Usage text says `kubectl rsip` because users reach it through kubectl.
struct RSIP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubectl rsip",
        abstract: "Troubleshoot Flux Operator ResourceSetInputProviders of the OCI tag types.",
        discussion: """
            Start with 'kubectl rsip get -A' to see every provider, what it exported and whether it is Ready.

            'kubectl rsip --version' and 'kubectl rsip version' print the same.
            """,
        subcommands: [Get.self, Diff.self, Reconcile.self, Suspend.self, Resume.self, Simulate.self, Render.self, WhyCommand.self, DoctorCommand.self, VersionCommand.self,
                      Complete.self, Completion.self])
}

enum Version {
    static let current = "0.1.0"
    static var userAgent: String {
        #if os(Linux)
        let os = "linux"
        #else
        let os = "darwin"
        #endif
        #if arch(x86_64)
        let arch = "amd64"
        #else
        let arch = "arm64"
        #endif
        return "kubectl-rsip/v\(current) (\(os)/\(arch))"
    }
}
