import Failure
import Kube
import KubectlPrinters
import Provider
import Threads
import YAML

/// `get -w`: the list (or the object), then one row per change, through the watch API, resumed
/// after a dropped connection, until Ctrl-C (exit 0).
struct GetWatch {
    /// What the printers need besides the format.
    struct Settings {
        var noHeaders: Bool
        var showManagedFields: Bool
        var allowMissingKeys: Bool
        var now: Double
    }

    var cluster: ClusterReader
    /// `-o` as parsed; a bad one is reported once the objects are fetched, as kubectl does.
    var output: Result<GetOutput, PrinterError>
    var settings: Settings
    var name: String?
    var allNamespaces: Bool
    var selector: String?
    var fieldSelector: String?
    var chunkSize: Int
    var listFirst: Bool
    var showEvents: Bool
    /// kubectl sorts only the first table (and warns that events are not sorted).
    var sortBy: String
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

        var printer: WatchPrinter
        switch output {
        case .failure(let error): return KubectlGetOutput.fail(error, context: context)
        case .success(.own(let format)):
            printer = .own(GetPrinter(format: format, noHeaders: settings.noHeaders, showManagedFields: settings.showManagedFields,
                                      now: settings.now), first: true)
        case .success(.kubectl(let format)):
            do {
                printer = .kubectl(try GenericPrinter.make(format, allowMissingKeys: settings.allowMissingKeys,
                                                           noHeaders: settings.noHeaders,
                                                           readFile: { TemplateFile.read($0, context: context) }),
                                   TabWriter(), jsonNumbersAsFloats: format.isJSONPath)
            } catch {
                return KubectlGetOutput.fail(error, context: context)
            }
        }

        if listFirst {
            var items = initial.items
            if case .own(let own, _) = printer, own.format == .table || own.format == .wide, name == nil, !sortBy.isEmpty {
                switch GetSort.apply(sortBy, to: items, table: true, names: 0) {
                case .sorted(let sorted): items = sorted
                case .nothingPrinted: items = []
                case .failed(let error): return KubectlGetOutput.fail(error, context: context)
                }
            }
            if case .own = printer, initial.items.isEmpty, name == nil {
                context.stderr.write(ProviderLookup.noneFound(namespace.map(ProviderLookup.Listed.namespace) ?? .allNamespaces))
            } else {
                do {
                    stdout.write(try printer.initial(items, allNamespaces: allNamespaces, showEvents: showEvents))
                } catch {
                    stdout.write(printer.pending())
                    stdout.flush()
                    return KubectlGetOutput.fail(PrinterError("unable to output the provided object: \(error.message)"), context: context)
                }
                stdout.flush()
            }
        }
        // A template that fails on an event ends the watch quietly (kubectl drops that error).
        var failed = false
        func emit(_ p: InputProvider, _ type: String) {
            guard !failed else { return }
            do {
                stdout.write(try printer.event(p, type: type, allNamespaces: allNamespaces, showEvents: showEvents))
            } catch {
                stdout.write(printer.pending())
                failed = true
            }
            stdout.flush()
        }
        let watch = ResumableWatch(
            api: cluster.api, type: .inputProvider, namespace: name == nil ? namespace : cluster.namespace,
            labelSelector: selector, fieldSelector: name.map { "metadata.name=\($0)" } ?? fieldSelector, now: context.now)
        _ = try watch.run(from: initial.resourceVersion, stop: { stop.current || failed }, relist: { () throws(KubeError) in
            let now = try current()
            for p in now.items where seen[key(p)] != p.object[path: "metadata", "resourceVersion"]?.string {
                seen[key(p)] = p.object[path: "metadata", "resourceVersion"]?.string
                emit(p, "MODIFIED")
            }
            return (now.resourceVersion, stop.current || failed)
        }, onEvent: { event in
            let p = InputProvider(event.object)
            seen[key(p)] = event.type == "DELETED" ? nil : p.object[path: "metadata", "resourceVersion"]?.string
            emit(p, event.type)
            return !stop.current && !failed
        })
        return 0
    }
}

/// The printer a watch keeps from its first object to its last: the plugin's own (which knows
/// whether a header went out), or one of kubectl's with the state kubectl keeps (JSONPath range
/// bookkeeping, custom columns' header, the tab writer's remembered widths).
enum WatchPrinter {
    case own(GetPrinter, first: Bool)
    /// `jsonNumbersAsFloats`: kubectl hands JSONPath a watch event through encoding/json, whose
    /// numbers are all float64.
    case kubectl(GenericPrinter, TabWriter, jsonNumbersAsFloats: Bool)

    mutating func initial(_ providers: [InputProvider], allNamespaces: Bool, showEvents: Bool) throws(PrinterError) -> String {
        switch self {
        case .own(let printer, _):
            self = .own(printer, first: false)
            return printer.watchInitial(providers, allNamespaces: allNamespaces, showEvent: showEvents)
        case .kubectl:
            // kubectl flushes its tab writer once, after the whole list.
            for p in providers { try print(p, type: "ADDED", showEvents: showEvents) }
            return flushed()
        }
    }

    mutating func event(_ p: InputProvider, type: String, allNamespaces: Bool, showEvents: Bool) throws(PrinterError) -> String {
        switch self {
        case .own(let printer, let first):
            self = .own(printer, first: false)
            return printer.watchEvent(p, type: type, allNamespaces: allNamespaces, showEvent: showEvents, first: first)
        case .kubectl:
            try print(p, type: type, showEvents: showEvents)
            return flushed()
        }
    }

    /// One object through kubectl's printer into the tab writer, not flushed.
    private mutating func print(_ p: InputProvider, type: String, showEvents: Bool) throws(PrinterError) {
        guard case .kubectl(var printer, var writer, let floats) = self else { return }
        defer { self = .kubectl(printer, writer, jsonNumbersAsFloats: floats) }
        var object = p.object
        if showEvents {
            object = .object(Value.Object([("type", .string(type)), ("object", floats ? Self.floats(object) : object)]))
        }
        try printer.printNext(object, to: &writer)
    }

    private mutating func flushed() -> String {
        guard case .kubectl(let printer, var writer, let floats) = self else { return "" }
        defer { self = .kubectl(printer, writer, jsonNumbersAsFloats: floats) }
        writer.flush()
        return writer.takeOutput()
    }

    /// What a failed print had already written through the tab writer (lines without tabs go
    /// out at once, as in Go).
    mutating func pending() -> String {
        guard case .kubectl(let printer, var writer, let floats) = self else { return "" }
        defer { self = .kubectl(printer, writer, jsonNumbersAsFloats: floats) }
        return writer.takeOutput()
    }

    private static func floats(_ v: Value) -> Value {
        switch v {
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .array(let a): return .array(a.map(floats))
        case .object(let o): return .object(Value.Object(o.pairs.map { ($0.key, floats($0.value)) }))
        default: return v
        }
    }
}
