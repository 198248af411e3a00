import ArgumentParser
import GoCompat
import Kube

/// Registry flags shared by the commands that scan registries (diff, simulate).
struct RegistryFlags: ParsableArguments {
    @Option(name: .customLong("registry-config"),
            help: "Docker config.json with registry credentials, used instead of the provider's Secrets (default $DOCKER_CONFIG/config.json when Secrets cannot be read).")
    var registryConfig: String?

    @Option(name: .customLong("concurrency"), help: "Registry requests in flight at once, in all (-A and -l share them among the providers scanned together).")
    var concurrency: Int = 32

    @Option(name: .customLong("registry-timeout"),
            help: "Deadline for scanning one provider's registry, like the controller's reconcileTimeout (e.g. 2m, 30s).")
    var registryTimeout: String = "2m"

    func validate() throws {
        guard (1...256).contains(concurrency) else {
            throw CommandFailure("error: --concurrency must be between 1 and 256, got \(concurrency)", exitCode: 2)
        }
        guard deadlineSeconds != nil else {
            throw CommandFailure("error: --registry-timeout \"\(registryTimeout)\" is not a duration (use e.g. 90s, 2m)", exitCode: 2)
        }
    }

    /// How `--concurrency` is shared when `providers` are scanned: up to 4 providers at once,
    /// each with an equal part of the budget, so the requests in flight never exceed it.
    func scanPlan(providers: Int) -> (parallel: Int, perProvider: Int) {
        let parallel = max(1, min(4, providers, concurrency))
        return (parallel, max(1, concurrency / parallel))
    }

    /// Go-style duration (`2m`, `90s`, `1m30s`) or bare seconds.
    var deadlineSeconds: Double? { GoDuration.positiveSeconds(registryTimeout) }
}
