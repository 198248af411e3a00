import Analysis
import ArgumentParser
import Failure
import GoCompat
import Provider

/// Registry flags shared by the commands that scan registries (diff, simulate).
struct RegistryFlags: ParsableArguments {
    @Option(name: .customLong("registry-config"),
            help: ArgumentHelp("Docker config.json with registry credentials, used instead of the provider's Secrets (default $DOCKER_CONFIG/config.json when Secrets cannot be read).", valueName: "path"))
    var registryConfig: String?

    @Option(name: .customLong("concurrency"), help: ArgumentHelp(
        "Registry requests in flight at once, for the whole command (for each context on several). Default 100: over HTTP/2 they share one connection per registry; over HTTP/1.1 each needs its own, and without this flag at most 32 connections are opened per registry.",
        valueName: "n"))
    var concurrencyFlag: Int?

    /// Requests in flight, in all.
    var concurrency: Int { concurrencyFlag ?? Self.defaultConcurrency }
    /// Connections per registry host when the flag is not given (HTTP/1.1 registries); an
    /// explicit --concurrency may open that many.
    var connectionsPerHost: Int? { concurrencyFlag == nil ? Self.defaultConnectionsPerHost : nil }

    /// Measured in bench/diff.sh: 100 streams on one HTTP/2 connection is what curl's
    /// --parallel-max 100 floor does; 32 is the HTTP/1.1 connection count the scan used before.
    static let defaultConcurrency = 100
    static let defaultConnectionsPerHost = 32

    @Option(name: .customLong("registry-timeout"),
            help: ArgumentHelp("Deadline for scanning one provider's registry, like the controller's reconcileTimeout (e.g. 2m, 30s).", valueName: "duration"))
    var registryTimeout: String = "2m"

    func validate() throws(UsageError) {
        guard (1...256).contains(concurrency) else {
            throw UsageError("invalid argument \"\(concurrency)\" for \"--concurrency\" flag: must be between 1 and 256")
        }
        guard deadlineSeconds != nil else {
            throw UsageError("invalid argument \"\(registryTimeout)\" for \"--registry-timeout\" flag: not a positive duration (use e.g. 90s, 2m)")
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
