import ArgumentParser
import Foundation
import Provider
import Threads
import YAML

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare what providers exported with what the registry holds now.",
        discussion: """
            Scans the registry as the controller would (same filters, order, limit and digests) and compares the result with status.exportedInputs: inputs added, removed, digest changed, and why.

            Exit status: 0 no differences, 1 differences, 2 or more an error.

            Examples:
              # Has anything been pushed since the provider last reconciled?
              kubectl rsip diff app-microservices-tags -n flux-system

              # Every provider in the cluster, as JSON for a pipeline
              kubectl rsip diff -A -o json

              # Preview a provider from a file before applying it (no cluster needed)
              kubectl rsip diff -f rsip.yaml --registry-config ~/.docker/config.json

            \(KubeOptions.helpNote)
            """)

    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    @Argument(help: "Name of one ResourceSetInputProvider.")
    var name: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Diff providers across all namespaces.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "Label selector (e.g. -l app=x).")
    var selector: String?

    @Option(name: [.customShort("f"), .customLong("filename")],
            help: "Read providers from this YAML file (- for stdin) instead of the cluster.")
    var filename: String?

    @Option(name: .customLong("tags-file"), help: "Take the tag list from this file (one tag per line) instead of the registry.")
    var tagsFile: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: json, yaml or wide (full digests).")
    var output: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    /// Checked in run(), not validate(): argument-parser wraps errors thrown from validate(),
    /// which would hide our exit codes and hints.
    func checkArguments() throws {
        if allNamespaces, name != nil {
            throw CommandFailure("error: a resource cannot be retrieved by name across all namespaces", exitCode: 2)
        }
        if name == nil, !allNamespaces, selector == nil, filename == nil {
            throw CommandFailure("error: diff needs a provider NAME, -A, -l SELECTOR or -f FILE",
                                 hint: "for example: kubectl rsip diff app-microservices-tags -n flux-system", exitCode: 2)
        }
        if let output, !["json", "yaml", "wide"].contains(output) {
            throw CommandFailure(
                "error: unable to match a printer suitable for the output format \"\(output)\", allowed formats are: json, wide, yaml",
                exitCode: 2)
        }
        try registry.validate()
    }

    func run() throws {
        do {
            try runDiff()
        } catch let code as ExitCode {
            throw code
        } catch let failure as CommandFailure {
            throw CommandFailure(failure.message, hint: failure.hint, exitCode: max(failure.exitCode, 2))
        } catch {
            guard var failure = CommandFailure(wrapping: error) else { throw error }
            failure.exitCode = 2
            throw failure
        }
    }

    private func runDiff() throws {
        try checkArguments()
        let session: ClusterSession? = filename == nil ? try ClusterSession(options: kube) : nil
        let providers: [InputProvider]
        if let filename {
            providers = try ProviderSource.fromFile(filename, name: name)
        } else if let session {
            providers = try ProviderSource.fromCluster(session, name: name, allNamespaces: allNamespaces, selector: selector)
        } else {
            providers = []
        }
        if providers.isEmpty {
            let scope = allNamespaces ? "" : " in \(session?.namespace ?? "default") namespace"
            FileHandle.standardError.write(Data("No resources found\(scope).\n".utf8))
            return
        }
        let tags = try tagsFile.map(TagsFile.read)
        let plan = registry.scanPlan(providers: providers.count)
        let access = RegistryAccess(session: session, flags: registry, verbosity: kube.verbosity,
                                    concurrency: plan.perProvider)
        let progress = Progress()
        let outcomes = Self.scanAll(providers, progress: progress, parallel: plan.parallel) { provider in
            try ProviderScan.run(provider, access: access, tagsFile: tags)
        }
        progress.clear()

        let printer = DiffPrinter(style: Style(noColorFlag: noColor), wide: output == "wide")
        switch output {
        case "json": print(JSON.encodePretty(printer.machine(outcomes)), terminator: "")
        case "yaml": print(YAML.emit(printer.machine(outcomes), sortKeys: false), terminator: "")
        default: print(outcomes.map(printer.human).joined(separator: "\n"), terminator: "")
        }
        if outcomes.contains(where: { if case .failure = $0.result { return true }; return false }) {
            throw ExitCode(2)
        }
        if outcomes.contains(where: { (try? $0.result.get())?.diff.isEqual == false }) {
            throw ExitCode(1)
        }
    }

    /// Scans providers concurrently, `parallel` at a time (each scan runs its own registry
    /// requests in parallel too), and returns outcomes in input order.
    static func scanAll(_ providers: [InputProvider], progress: Progress, parallel: Int,
                        scan: @escaping @Sendable (InputProvider) throws -> ScanResult) -> [DiffOutcome] {
        let results = Slots<Result<ScanResult, CommandFailure>>(count: providers.count)
        let total = providers.count
        JoinedThreads.forEach(providers.count, width: parallel) { i in
            let provider = providers[i]
            let outcome: Result<ScanResult, CommandFailure>
            do {
                outcome = .success(try scan(provider))
            } catch let failure as CommandFailure {
                outcome = .failure(failure)
            } catch {
                outcome = .failure(CommandFailure(wrapping: error) ?? CommandFailure(String(describing: error)))
            }
            let done = results.set(i, outcome)
            progress.update("scanned \(done)/\(total) provider(s), last \(provider.namespace)/\(provider.name)")
        }
        return providers.enumerated().map {
            DiffOutcome(provider: $0.element,
                        result: results.get($0.offset) ?? .failure(CommandFailure("error: scan did not run")))
        }
    }
}

/// `--tags-file`: one tag per line, optionally followed by its digest; blank lines and
/// `#` comments are skipped.
struct TagsFile: Sendable {
    var tags: [String]
    var digests: [String: String]

    static func read(_ path: String) throws -> TagsFile {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("error: --tags-file \(path): no such file")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        return parse(text)
    }

    static func parse(_ text: String) -> TagsFile {
        var tags: [String] = []
        var digests: [String: String] = [:]
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            tags.append(fields[0])
            if fields.count > 1, fields[1].hasPrefix("sha256:") { digests[fields[0]] = fields[1] }
        }
        return TagsFile(tags: tags, digests: digests)
    }
}
