import Analysis
import Foundation
import ArgumentParser
import Failure
import Kube
import Provider
import YAML

struct GetScope: ScopePolicy {
    static let command = "get"
    static let many = true
    static let requiresTarget = false
}

struct Get: RSIPCommand {
    static let configuration = CommandConfiguration(
        abstract: "List ResourceSetInputProviders, or show providers and the inputs they exported.",
        usage: """
            kubectl rsip get [NAME ...] [-n NS | -A] [-l SELECTOR] [-o FORMAT]
              [--field-selector S] [--no-headers] [--inputs] [-w | --watch-only]
            """,
        discussion: """
            Examples:
              # Every provider in every namespace, with its input count and readiness
              kubectl rsip get -A

              # One provider: its filter, Ready condition, schedule, consumers and exported inputs
              kubectl rsip get app-microservices-tags -n flux-system

              # Only the exported inputs, for scripts
              kubectl rsip get app-microservices-tags -n flux-system --inputs -o json

              # Watch the providers of a namespace change (Ctrl-C to stop)
              kubectl rsip get -n flux-system -w

            \(KubeOptions.helpNote)
            """)

    @OptionGroup var scope: ScopeOptions<GetScope>

    @Option(name: .customLong("field-selector"), help: ArgumentHelp("Field selector (metadata.name, metadata.namespace).", valueName: "selector"))
    var fieldSelector: String?

    @OptionGroup var output: OutputOptions<GetFormat>

    @Flag(name: .customLong("no-headers"), help: "Do not print table headers.")
    var noHeaders = false

    @Flag(name: .customLong("inputs"), help: "Print only the exported inputs of the named provider.")
    var inputsOnly = false

    @Flag(name: .customLong("show-managed-fields"), help: "Keep metadata.managedFields in -o yaml|json.")
    var showManagedFields = false

    @Flag(name: .customLong("ignore-not-found"), help: "Exit 0 without output when a named provider does not exist.")
    var ignoreNotFound = false

    @Option(name: .customLong("chunk-size"), help: "Page size for list requests (0 disables paging).")
    var chunkSize: Int = 500

    @Flag(name: [.customShort("w"), .customLong("watch")], help: "After listing, print a row for every change (Ctrl-C to stop).")
    var watch = false

    @Flag(name: .customLong("watch-only"), help: "Print only the changes, without listing first.")
    var watchOnly = false

    @Flag(name: .customLong("output-watch-events"), help: "With -w: add an EVENT column (ADDED, MODIFIED, DELETED).")
    var outputWatchEvents = false

    // kubectl's global flags: accepted everywhere, listed with --help-hidden (kubectl hides
    // them too, behind `kubectl options`).
    @OptionGroup(title: "Cluster connection (as kubectl)", visibility: .hidden) var kube: KubeOptions

    var kubeOptions: KubeOptions? { kube }
    static let outputFormats = GetFormat.choices

    func execute(_ context: CommandContext) throws -> Int32 {
        try scope.check()
        let format = try output.format()
        let names = try scope.providerNames()
        if inputsOnly, names.count != 1 {
            throw UserError("--inputs needs the NAME of one provider",
                            hint: "for example: kubectl rsip get app-microservices-tags --inputs -o json")
        }
        if chunkSize < 0 { throw UserError("invalid argument \"\(chunkSize)\" for \"--chunk-size\" flag: must be 0 or more") }
        if (watch || watchOnly), names.count > 1 {
            throw UserError("watch is only supported on individual resources and resource collections, but \(names.count) resources were found")
        }
        if (watch || watchOnly), inputsOnly { throw UserError("--inputs cannot be watched: drop -w or --inputs") }
        let cluster = try context.cluster.reader(kube, context: context)
        let printer = GetPrinter(format: format, noHeaders: noHeaders, showManagedFields: showManagedFields, now: context.now())
        if watch || watchOnly {
            return try GetWatch(cluster: cluster, printer: printer, name: names.first, allNamespaces: scope.allNamespaces,
                                selector: scope.selector, fieldSelector: fieldSelector, chunkSize: chunkSize,
                                listFirst: !watchOnly, showEvents: outputWatchEvents, context: context).run()
        }
        guard !names.isEmpty else {
            let namespace = scope.allNamespaces ? nil : cluster.namespace
            let list = try cluster.api.list(.inputProvider, namespace: namespace, labelSelector: scope.selector,
                                            fieldSelector: fieldSelector, chunkSize: chunkSize)
            if list.items.isEmpty, format == .table || format == .wide || format == .name {
                context.stderr.write(ProviderSource.noneFound(namespace: namespace))
            } else {
                context.stdout.write(printer.list(list.items.map(InputProvider.init), allNamespaces: scope.allNamespaces))
            }
            return 0
        }
        let lookup = try ProviderSource.fromCluster(cluster, names: names, allNamespaces: false, selector: nil)
        if inputsOnly, let provider = lookup.found.first {
            context.stdout.write(printer.inputs(provider))
        } else if lookup.found.count == 1, names.count == 1, let provider = lookup.found.first {
            let consumers = format == .table || format == .wide ? Self.consumers(of: provider, cluster) : .notShown
            context.stdout.write(printer.single(provider, consumers: consumers))
        } else if !lookup.found.isEmpty {
            let consumers = lookup.found.map { format == .table || format == .wide ? Self.consumers(of: $0, cluster) : .notShown }
            context.stdout.write(printer.several(lookup.found, consumers: consumers))
        }
        if ignoreNotFound { return 0 }
        context.stdout.flush()
        for missing in lookup.missing { context.stderr.write(missing.report) }
        return lookup.missing.isEmpty ? 0 : 1
    }

    /// The ResourceSets of the provider's namespace that take inputs from it; a cluster that
    /// will not list them is reported on the line, not as a failure of `get`.
    static func consumers(of provider: InputProvider, _ cluster: ClusterReader) -> Consumers {
        do {
            let sets = try cluster.api.list(.resourceSet, namespace: provider.namespace).items.map(ResourceSetView.init)
            return .found(ResourceSetInputs.consumers(of: provider, among: sets))
        } catch {
            return .unknown(error.message)
        }
    }
}

/// `get -w`: the list (or the object), then one row per change, through the watch API, resumed
/// after a dropped connection, until Ctrl-C (exit 0).
struct GetWatch {
    var cluster: ClusterReader
    var printer: GetPrinter
    var name: String?
    var allNamespaces: Bool
    var selector: String?
    var fieldSelector: String?
    var chunkSize: Int
    var listFirst: Bool
    var showEvents: Bool
    var context: CommandContext

    func run() throws -> Int32 {
        let namespace = allNamespaces ? nil : cluster.namespace
        let stop = StopFlag()
        let stdout = context.stdout
        context.onInterrupt {
            stop.set()
            stdout.flush()
        }
        defer { context.onInterrupt(nil) }
        var first = true
        func emit(_ p: InputProvider, _ type: String) {
            stdout.write(printer.watchEvent(p, type: type, allNamespaces: allNamespaces, showEvent: showEvents, first: first))
            stdout.flush()
            first = false
        }
        // What is on screen, by namespace/name and resourceVersion, so a relist after a 410
        // prints only what changed meanwhile.
        var seen: [String: String] = [:]
        func key(_ p: InputProvider) -> String { "\(p.namespace)/\(p.name)" }
        func current() throws(KubeError) -> (items: [InputProvider], resourceVersion: String) {
            if let name {
                let object = try cluster.api.getObject(.inputProvider, namespace: cluster.namespace, name: name)
                return ([InputProvider(object)], object[path: "metadata", "resourceVersion"]?.string ?? "")
            }
            let list = try cluster.api.list(.inputProvider, namespace: namespace, labelSelector: selector,
                                            fieldSelector: fieldSelector, chunkSize: chunkSize)
            return (list.items.map(InputProvider.init), list.resourceVersion)
        }
        let initial = try current()
        for p in initial.items { seen[key(p)] = p.object[path: "metadata", "resourceVersion"]?.string }
        if listFirst {
            if initial.items.isEmpty, name == nil {
                context.stderr.write(ProviderSource.noneFound(namespace: namespace))
            } else {
                stdout.write(printer.watchInitial(initial.items, allNamespaces: allNamespaces, showEvent: showEvents))
                stdout.flush()
                first = false
            }
        }
        let watch = ResumableWatch(
            api: cluster.api, type: .inputProvider, namespace: name == nil ? namespace : cluster.namespace,
            labelSelector: selector, fieldSelector: name.map { "metadata.name=\($0)" } ?? fieldSelector, now: context.now)
        _ = try watch.run(from: initial.resourceVersion, stop: { stop.isSet }, relist: { () throws(KubeError) in
            let now = try current()
            for p in now.items where seen[key(p)] != p.object[path: "metadata", "resourceVersion"]?.string {
                seen[key(p)] = p.object[path: "metadata", "resourceVersion"]?.string
                emit(p, "MODIFIED")
            }
            return (now.resourceVersion, stop.isSet)
        }, onEvent: { event in
            let p = InputProvider(event.object)
            seen[key(p)] = event.type == "DELETED" ? nil : p.object[path: "metadata", "resourceVersion"]?.string
            emit(p, event.type)
            return !stop.isSet
        })
        return 0
    }
}

/// Set once, from another thread (the interrupt handler).
final class StopFlag: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
