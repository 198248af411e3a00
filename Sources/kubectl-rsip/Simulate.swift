import Analysis
import ArgumentParser
import Foundation
import Kube
import Provider
import YAML

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a filter change would do: inputs kept, removed and added, and the objects the ResourceSets would create or prune.",
        discussion: """
            Recomputes the provider's exported inputs with the changed filter (from the live registry, a --tags-file, or --from-status), renders every ResourceSet that consumes the provider with the current and the simulated inputs, and lists what would be created and pruned, down to the workloads of pruned Flux Kustomizations. Nothing is written to the cluster.

            Exit status: 0 after a simulation (whatever it finds), 2 for an invalid filter override, 1 for any other error.

            Examples:
              # What disappears from the cluster if microservice2 is excluded?
              kubectl rsip simulate app-microservices-tags -n flux-system --exclude-tag microservice2

              # Only semantic versions from 2.0 on, judged from what is exported now (no registry)
              kubectl rsip simulate app-tags -n apps --semver '>=2.0.0' --from-status

              # Preview a provider and its ResourceSet from a file, as JSON
              kubectl rsip simulate app-microservices-tags -f rsip-and-rset.yaml --limit 1 -o json

            \(KubeOptions.helpNote)
            """)

    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Argument(help: "Name of the ResourceSetInputProvider.")
    var name: String

    @Option(name: .customLong("exclude-tag"), help: "New spec.filter.excludeTag ('' clears it).")
    var excludeTag: String?

    @Option(name: .customLong("include-tag"), help: "New spec.filter.includeTag ('' clears it).")
    var includeTag: String?

    @Option(name: .customLong("semver"), help: "New spec.filter.semver ('' clears it).")
    var semver: String?

    @Option(name: .customLong("limit"), help: "New spec.filter.limit (0 means the default, 100).")
    var limit: Int?

    @Flag(name: .customLong("from-status"), help: "Use only the tags exported now (no registry access).")
    var fromStatus = false

    @Option(name: .customLong("tags-file"), help: "Take the tag list from this file (one tag per line) instead of the registry.")
    var tagsFile: String?

    @Option(name: [.customShort("f"), .customLong("filename")],
            help: "Read the provider and its ResourceSets from this YAML file (- for stdin) instead of the cluster.")
    var filename: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: json or yaml.")
    var output: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    func run() throws {
        if let output, !["json", "yaml"].contains(output) {
            throw CommandFailure(
                "error: unable to match a printer suitable for the output format \"\(output)\", allowed formats are: json, yaml")
        }
        if fromStatus, tagsFile != nil {
            throw CommandFailure("error: --from-status and --tags-file are two different tag sources: pick one")
        }
        if let limit, limit > 10000 {
            throw CommandFailure("error: --limit \(limit) is above the CRD's maximum of 10000", exitCode: 2)
        }
        try registry.validate()

        // Gather: the provider, its namespace's providers and ResourceSets (cluster or file).
        let session: ClusterSession? = filename == nil ? try ClusterSession(options: kube) : nil
        let provider: InputProvider
        var neighbours: [InputProvider]
        var resourceSets: [ResourceSetView]
        if let filename {
            let objects = try ProviderSource.objects(fromFile: filename)
            provider = try ProviderSource.providers(in: objects, path: filename, name: name)[0]
            neighbours = try ProviderSource.providers(in: objects, path: filename, name: nil)
            resourceSets = objects.filter { $0["kind"]?.string == ResourceType.resourceSet.kind }
                .map { ResourceSetView(ProviderSource.defaultingNamespace($0)) }
        } else if let session {
            provider = try ProviderSource.fromCluster(session, name: name, allNamespaces: false, selector: nil)[0]
            neighbours = try session.client.list(.inputProvider, namespace: provider.namespace).items.map(InputProvider.init)
            resourceSets = try session.client.list(.resourceSet, namespace: provider.namespace).items.map(ResourceSetView.init)
        } else {
            return
        }
        neighbours = neighbours.filter { $0.namespace == provider.namespace }
        resourceSets = resourceSets.filter { $0.namespace == provider.namespace }

        let filter = try simulatedFilter(for: provider)
        let source: SimulationSource = fromStatus ? .status : (tagsFile != nil ? .tagsFile : .registry)
        let tags: TagsFile?
        switch source {
        case .status:
            var file = TagsFile(tags: [], digests: [:])
            for input in provider.exportedInputs {
                guard let tag = input["tag"]?.string else { continue }
                file.tags.append(tag)
                if let digest = input["digest"]?.string { file.digests[tag] = digest }
            }
            tags = file
        case .tagsFile:
            tags = try tagsFile.map(TagsFile.read)
        case .registry:
            tags = nil
        }
        let access = RegistryAccess(session: session, flags: registry, verbosity: kube.verbosity)
        let scan = try ProviderScan.run(provider, access: access, tagsFile: tags, filter: filter)

        // Impact: every ResourceSet that takes this provider, rendered before and after.
        let consumers = ResourceSetInputs.consumers(of: provider, among: resourceSets)
        var reports: [ImpactReport] = []
        for resourceSet in consumers {
            var report = Impact.compute(resourceSet: resourceSet, providers: neighbours, provider: provider.name,
                                        current: provider.exportedInputs, simulated: scan.predicted)
            // Expand pruned Kustomizations from their live objects (cluster only).
            let kustomizations = report.pruned.map(\.key).filter {
                $0.group == ResourceType.kustomization.group && $0.kind == ResourceType.kustomization.kind
            }
            if let session, !kustomizations.isEmpty {
                var live: [String: Value] = [:]
                for key in kustomizations {
                    if let object = try? session.client.getObject(.kustomization, namespace: key.namespace, name: key.name) {
                        live["\(key.namespace)/\(key.name)"] = object
                    }
                }
                report = Impact.compute(resourceSet: resourceSet, providers: neighbours, provider: provider.name,
                                        current: provider.exportedInputs, simulated: scan.predicted,
                                        live: ImpactLive(kustomizations: live))
            }
            reports.append(report)
        }

        let simulation = Simulation(provider: provider, filter: filter, source: source, scan: scan, impact: reports)
        let printer = SimulationPrinter(style: Style(noColorFlag: noColor))
        switch output {
        case "json": print(JSON.encodePretty(printer.machine(simulation)), terminator: "")
        case "yaml": print(YAML.emit(printer.machine(simulation), sortKeys: false), terminator: "")
        default: print(printer.human(simulation), terminator: "")
        }
        // The report is printed either way; a template the renderer rejects is still an error.
        if reports.contains(where: { if case .template = $0.stalled { return true }; return false }) {
            throw ExitCode(1)
        }
    }

    /// The provider's filter with each given flag overriding one field; '' clears a field.
    private func simulatedFilter(for provider: InputProvider) throws -> TagFilter {
        var filter = TagFilter(spec: provider.object[path: "spec", "filter"])
        func cleared(_ s: String) -> String? { s.isEmpty ? nil : s }
        if let excludeTag { filter.excludeTag = cleared(excludeTag) }
        if let includeTag { filter.includeTag = cleared(includeTag) }
        if let semver { filter.semver = cleared(semver) }
        if let limit { filter.limit = Int64(limit) }
        return filter
    }
}

enum SimulationSource: String {
    case registry, tagsFile = "tags-file", status
}

/// Everything a simulation found, for the printers.
struct Simulation {
    var provider: InputProvider
    var filter: TagFilter
    var source: SimulationSource
    var scan: ScanResult
    var impact: [ImpactReport]

    var kept: [String] {
        let now = Set(provider.exportedInputs.compactMap { $0["tag"]?.string })
        return scan.predicted.compactMap { $0["tag"]?.string }.filter { now.contains($0) }
    }

    /// What the chosen tag source cannot know.
    var notes: [String] {
        var out: [String] = []
        if source == .status {
            out.append("--from-status knows only the \(provider.exportedInputs.count) tag(s) exported now: tags the current filter drops and new tags in the registry cannot appear")
            let currentLimit = TagFilter(spec: provider.object[path: "spec", "filter"]).effectiveLimit
            if provider.exportedInputs.count >= currentLimit {
                out.append("the provider exports exactly its limit (\(currentLimit)): the registry probably holds more tags, which a larger --limit would add")
            }
        }
        if source != .registry, scan.predicted.contains(where: { ($0["digest"]?.string ?? "").isEmpty }) {
            out.append("digests of tags not exported now are unknown without the registry")
        }
        if filter.includeBranch != nil || filter.includeEnvironment != nil, filter.includeTag != nil {
            out.append("spec.filter sets includeBranch/includeEnvironment too: the controller uses the last non-empty of includeBranch, includeTag, includeEnvironment")
        }
        return out
    }
}
