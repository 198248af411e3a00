import Failure
import Kube
import Provider
import Threads

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
        // Set once, from the interrupt handler's thread.
        let stop = Locked(false)
        let stdout = context.stdout
        context.onInterrupt {
            stop.set(true)
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
                context.stderr.write(ProviderLookup.noneFound(namespace.map(ProviderLookup.Listed.namespace) ?? .allNamespaces))
            } else {
                stdout.write(printer.watchInitial(initial.items, allNamespaces: allNamespaces, showEvent: showEvents))
                stdout.flush()
                first = false
            }
        }
        let watch = ResumableWatch(
            api: cluster.api, type: .inputProvider, namespace: name == nil ? namespace : cluster.namespace,
            labelSelector: selector, fieldSelector: name.map { "metadata.name=\($0)" } ?? fieldSelector, now: context.now)
        _ = try watch.run(from: initial.resourceVersion, stop: { stop.current }, relist: { () throws(KubeError) in
            let now = try current()
            for p in now.items where seen[key(p)] != p.object[path: "metadata", "resourceVersion"]?.string {
                seen[key(p)] = p.object[path: "metadata", "resourceVersion"]?.string
                emit(p, "MODIFIED")
            }
            return (now.resourceVersion, stop.current)
        }, onEvent: { event in
            let p = InputProvider(event.object)
            seen[key(p)] = event.type == "DELETED" ? nil : p.object[path: "metadata", "resourceVersion"]?.string
            emit(p, event.type)
            return !stop.current
        })
        return 0
    }
}
