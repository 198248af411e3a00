import Analysis
import KubectlPrinters
import Kube
import Provider
import Timestamp
import YAML

/// Which ResourceSets consume a provider, as far as the cluster would say.
enum Consumers: Sendable {
    case found([ResourceSetView])
    /// The ResourceSets could not be listed (RBAC, the CRD missing): the message says why.
    case unknown(String)
    /// Not asked for (`-o yaml`, several providers).
    case notShown
}

/// Which Receivers trigger a provider, as far as the cluster would say.
enum ProviderReceivers: Sendable {
    case found([ReceiverView])
    /// The cluster serves no Receivers (no notification-controller).
    case notServed
    case unknown(String)
    case notShown
}

/// Renders `get` results; pure string building so tests can check output without a cluster.
struct GetPrinter {
    var format: GetFormat
    var noHeaders: Bool
    var showManagedFields: Bool
    /// Seconds since the epoch, for AGE columns.
    var now: Double

    /// STATUS is shortened in the table, full with `-o wide`.
    static let statusWidth = ConditionMessage.shortWidth

    // MARK: lists

    func list(_ providers: [InputProvider], allNamespaces: Bool) -> String {
        switch format {
        case .yaml, .json:
            let list = document(providers, single: false)
            return format == .yaml ? YAML.emit(list) : JSON.encodePretty(list)
        case .name:
            return providers.map(nameLine).joined()
        case .table, .wide:
            var table = Table(headers: headers(allNamespaces: allNamespaces, event: false))
            for p in providers { table.append(row(p, allNamespaces: allNamespaces)) }
            return table.render(showHeaders: !noHeaders)
        }
    }

    /// What `-o json|yaml` prints: the one provider named, or a List of them.
    func document(_ providers: [InputProvider], single: Bool) -> Value {
        if single, providers.count == 1, let provider = providers.first { return printable(provider.object) }
        return [
            "apiVersion": "v1",
            "items": .array(providers.map { printable($0.object) }),
            "kind": "List",
            "metadata": ["resourceVersion": ""],
        ]
    }

    func headers(allNamespaces: Bool, event: Bool) -> [String] {
        var headers = ["NAME", "TYPE", "INPUTS", "READY", "STATUS", "LAST RECONCILED", "AGE"]
        if format == .wide { headers += ["URL", "FILTER", "REVISION"] }
        if allNamespaces { headers.insert("NAMESPACE", at: 0) }
        if event { headers.insert("EVENT", at: 0) }
        return headers
    }

    func row(_ p: InputProvider, allNamespaces: Bool, event: String? = nil) -> [String] {
        let scans = ScanActivity(p)  // read once: two cells need it
        var row = [p.name, p.type, String(p.exportedInputs.count), p.ready?.status ?? "",
                   statusCell(p, scans: scans), lastReconciled(scans), KubeTime.age(of: p.creationTimestamp, now: now)]
        if format == .wide {
            row += [p.url ?? "<none>", p.tagFilter.summary() ?? "<none>", shortRevision(p.lastExportedRevision)]
        }
        if allNamespaces { row.insert(p.namespace, at: 0) }
        if let event { row.insert(event, at: 0) }
        return row
    }

    // MARK: watching (`-w`): each change as kubectl prints it

    /// What `-w` prints first: the providers as one table (one header), or one document each.
    func watchInitial(_ providers: [InputProvider], allNamespaces: Bool, showEvent: Bool) -> String {
        switch format {
        case .table, .wide:
            guard !providers.isEmpty else { return "" }
            var table = Table(headers: headers(allNamespaces: allNamespaces, event: showEvent))
            for p in providers { table.append(row(p, allNamespaces: allNamespaces, event: showEvent ? "ADDED" : nil)) }
            return table.render(showHeaders: !noHeaders)
        case .yaml, .json, .name:
            return providers.enumerated().map { i, p in
                watchEvent(p, type: "ADDED", allNamespaces: allNamespaces, showEvent: showEvent, first: i == 0)
            }.joined()
        }
    }

    /// One event: a table row without header (kubectl aligns each flush alone), a YAML document
    /// after `---`, a JSON object, or a name line.
    func watchEvent(_ p: InputProvider, type: String, allNamespaces: Bool, showEvent: Bool, first: Bool) -> String {
        switch format {
        case .table, .wide:
            var table = Table(headers: headers(allNamespaces: allNamespaces, event: showEvent))
            table.append(row(p, allNamespaces: allNamespaces, event: showEvent ? type : nil))
            return table.render(showHeaders: first && !noHeaders)
        case .yaml:
            let object = showEvent ? ["type": .string(type), "object": printable(p.object)] : printable(p.object)
            return (first ? "" : "---\n") + YAML.emit(object)
        case .json:
            let object = showEvent ? ["type": .string(type), "object": printable(p.object)] : printable(p.object)
            return JSON.encodePretty(object)
        case .name:
            return nameLine(p)
        }
    }

    // MARK: one provider

    func single(_ p: InputProvider, consumers: Consumers = .notShown, receivers: ProviderReceivers = .notShown) -> String {
        switch format {
        case .yaml: return YAML.emit(printable(p.object))
        case .json: return JSON.encodePretty(printable(p.object))
        case .name: return nameLine(p)
        case .table, .wide: return summary(p, consumers: consumers, receivers: receivers) + "\n" + inputsTable(p)
        }
    }

    /// Several named providers: `-o yaml|json` as a List (as kubectl prints `get a b`), the
    /// summaries one after the other.
    func several(_ providers: [InputProvider], consumers: [Consumers], receivers: [ProviderReceivers]) -> String {
        switch format {
        case .yaml, .json: return list(providers, allNamespaces: false)
        case .name: return providers.map(nameLine).joined()
        case .table, .wide:
            return providers.indices.map { i in
                single(providers[i], consumers: consumers[i], receivers: receivers.indices.contains(i) ? receivers[i] : .notShown)
            }.joined(separator: "\n")
        }
    }

    func inputs(_ p: InputProvider) -> String {
        switch format {
        case .yaml: return YAML.emit(.array(p.exportedInputs))
        case .json: return JSON.encodePretty(.array(p.exportedInputs))
        case .name: return nameLine(p)
        case .table, .wide: return inputsTable(p)
        }
    }

    func summary(_ p: InputProvider, consumers: Consumers = .notShown, receivers: ProviderReceivers = .notShown) -> String {
        var fields: [(String, String)] = [
            ("Name", p.name),
            ("Namespace", p.namespace),
            ("Type", p.type + (p.isOCI ? "" : " (not an OCI tag type: inputs are shown, registry checks do not apply)")),
            ("URL", p.url ?? "<none>"),
            ("Filter", p.tagFilter.summary() ?? "<none>"),
        ]
        if p.isSuspended {
            fields.append(("Suspended", "yes (fluxcd.controlplane.io/reconcile: disabled): the controller ignores this provider"))
        }
        if let ready = p.ready {
            var text = ready.status
            if !ready.reason.isEmpty { text += " (\(ready.reason))" }
            if !ready.message.isEmpty { text += ": " + ready.message }
            fields.append(("Ready", text))
        } else {
            fields.append(("Ready", "<none> (the controller has not reported on this provider)"))
        }
        let scans = ScanActivity(p)
        if let at = scans.lastScan {
            let source: String
            switch scans.evidence {
            case .statusWrite(let manager)?: source = "status written by \(manager)"
            default: source = "Ready's last transition"
            }
            fields.append(("Last scan", at + " (" + (KubeTime.since(at, now: now).map { "\($0) ago, " } ?? "") + source + ")"))
        } else {
            fields.append(("Last scan", "<none> (the controller has not reported on this provider)"))
        }
        if let at = scans.lastRequest {
            fields.append(("Last request", at + (KubeTime.since(at, now: now).map { " (\($0) ago)" } ?? "")))
        } else {
            fields.append(("Last request", "<none> (no reconcile was requested)"))
        }
        fields.append(("Revision", p.lastExportedRevision ?? "<none>"))
        let schedule = ReconcileSchedule(p)
        fields.append(("Interval", "every \(schedule.interval)\(schedule.intervalIsDefault ? " (default)" : ""), timeout \(schedule.timeout)\(schedule.timeoutIsDefault ? " (default)" : "")"))
        fields.append(("Schedule", schedule.schedules.isEmpty ? "<none>" : schedule.schedules.map { s in
            "\(s.cron) (\(s.timeZone))" + (s.window == "0s" ? "" : " window \(s.window)")
        }.joined(separator: "\n")))
        fields.append(("Next schedule", nextSchedule(p)))
        switch consumers {
        case .found(let sets):
            fields.append(("ResourceSets", sets.isEmpty ? "<none> in namespace \(p.namespace) takes inputs from it"
                : sets.map { "\($0.reference) (\($0.inputStrategy))" }.joined(separator: "\n")))
        case .unknown(let why):
            fields.append(("ResourceSets", "<unknown: \(why)>"))
        case .notShown:
            break
        }
        switch receivers {
        case .found(let list):
            fields.append(("Receivers", list.isEmpty ? "<none> in namespace \(p.namespace) triggers it" : list.map(receiverLine).joined(separator: "\n")))
        case .notServed:
            fields.append(("Receivers", "<none> (the cluster serves no Receivers)"))
        case .unknown(let why):
            fields.append(("Receivers", "<unknown: \(why)>"))
        case .notShown:
            break
        }
        fields.append(("Age", KubeTime.age(of: p.creationTimestamp, now: now)))
        let width = (fields.map(\.0.count).max() ?? 0) + 2
        var out = ""
        for (label, value) in fields {
            // A multi-line value continues under the value column.
            let lines = value.split(separator: "\n", omittingEmptySubsequences: false).map { Table.cell(String($0)) }
            out += label + ":" + String(repeating: " ", count: width - label.count) + lines[0] + "\n"
            for line in lines.dropFirst() { out += String(repeating: " ", count: width + 1) + line + "\n" }
        }
        for warning in warnings(p) { out += "Warning: \(warning)\n" }
        return out
    }

    /// `flux-system/app-hook generic-hmac /hook/1a2b... Ready=True`: what calls the webhook needs.
    func receiverLine(_ r: ReceiverView) -> String {
        let ready: String
        if r.isSuspended {
            ready = "Suspended"
        } else if let condition = r.ready {
            ready = "Ready=\(condition.status)" + (condition.status == "True" || condition.reason.isEmpty ? "" : " (\(condition.reason))")
        } else {
            ready = "Ready=<none>"
        }
        return "\(r.reference) \(r.type.isEmpty ? "<no type>" : r.type) \(r.webhookPath ?? "<no webhook path yet>") \(ready)"
    }

    func warnings(_ p: InputProvider) -> [String] {
        var out: [String] = []
        if let overdue = ScanActivity(p).overdue(p, now: now) {
            let schedule = ReconcileSchedule(p)
            out.append("the controller last scanned this provider \(KubeTime.humanDuration(overdue)) ago, though it runs every \(schedule.interval) (timeout \(schedule.timeout)): is Flux Operator running (kubectl get deploy -A -l app.kubernetes.io/name=flux-operator), and may it reconcile this namespace?")
        }
        if let ready = p.ready, let observed = ready.observedGeneration, let generation = p.generation, observed < generation {
            out.append("Ready is from generation \(observed), the spec is at generation \(generation): the controller has not reconciled the latest change yet, so the status may be stale")
        }
        if let expected = StatusCheck.revisionMismatch(p) {
            out.append("status.lastExportedRevision \(p.lastExportedRevision ?? "") does not match the exported inputs (they hash to \(expected)): the status was edited or written by another version of the controller")
        }
        for collision in StatusCheck.idCollisions(p.exportedInputs) {
            out.append("tags \(collision.tags.joined(separator: " and ")) share the id \(collision.id): a ResourceSet that names objects after inputs.id keeps only one of them")
        }
        return out
    }

    func inputsTable(_ p: InputProvider) -> String {
        let inputs = p.exportedInputs
        guard !inputs.isEmpty else { return "No exported inputs.\n" }
        var extra: [String] = []
        for input in inputs {
            for key in input.object?.keys ?? [] where !["id", "tag", "digest"].contains(key) && !extra.contains(key) {
                extra.append(key)
            }
        }
        var table = Table(headers: ["ID", "TAG", "DIGEST"] + extra.map { $0.uppercased() })
        for input in inputs {
            let digest = input["digest"].map(cellText) ?? "<none>"
            var row = [input["id"].map(cellText) ?? "<none>", input["tag"].map(cellText) ?? "<none>",
                       format == .wide ? digest : Digests.short(digest)]
            row += extra.map { key in input[key].map(cellText) ?? "<none>" }
            table.append(row)
        }
        return table.render(showHeaders: !noHeaders)
    }

    // MARK: cells

    private func nameLine(_ p: InputProvider) -> String {
        "\(ResourceType.inputProvider.qualifiedSingular)/\(p.name)\n"
    }

    /// kubectl hides managedFields unless asked.
    private func printable(_ object: Value) -> Value {
        guard !showManagedFields, var metadata = object["metadata"], metadata["managedFields"] != nil else { return object }
        metadata["managedFields"] = nil
        var copy = object
        copy["metadata"] = metadata
        return copy
    }

    /// The Ready message on one line. Flux puts the cause last (`failed to call OCI provider:
    /// failed to list OCI tags for '…': UNAUTHORIZED: …`), so a long one is shortened in the
    /// middle; `-o wide` shows all of it.
    func statusCell(_ p: InputProvider, scans: ScanActivity? = nil) -> String {
        if p.isSuspended { return "Suspended" }
        let width = format == .wide ? nil : Self.statusWidth
        if let overdue = (scans ?? ScanActivity(p)).overdue(p, now: now) {
            // The stale Ready message is what misleads here: the warning takes its place
            // (`-o wide` and `get NAME` show both).
            let warning = "Not scanning: last scan \(KubeTime.humanDuration(overdue)) ago, every \(ReconcileSchedule(p).interval)"
            guard width == nil else { return warning }
            let message = ConditionMessage.oneLine(p.ready?.message ?? "", width: nil)
            return warning + (message.isEmpty ? "" : "; " + message)
        }
        return ConditionMessage.oneLine(p.ready?.message ?? "", width: width)
    }

    private func lastReconciled(_ scans: ScanActivity) -> String {
        guard let at = scans.lastScan else { return "<none>" }
        return KubeTime.since(at, now: now) ?? at
    }

    private func nextSchedule(_ p: InputProvider) -> String {
        guard let next = p.nextSchedule, next.object != nil else { return "<none>" }
        var text = next["cron"]?.string ?? ""
        if let tz = next["timeZone"]?.string, !tz.isEmpty { text += " (\(tz))" }
        if let window = next["window"]?.string, !window.isEmpty, window != "0s" { text += " window \(window)" }
        if let when = next["when"]?.string { text += " at \(when)" }
        return text.isEmpty ? "<none>" : text
    }

    private func shortRevision(_ revision: String?) -> String {
        guard let revision, !revision.isEmpty else { return "<none>" }
        return Digests.short(revision)
    }

    private func cellText(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .null: return "<none>"
        default: return JSON.encodeCompact(v)
        }
    }
}

enum Digests {
    /// `sha256:` plus 12 hex digits, like the short ids users know from docker.
    static func short(_ digest: String) -> String {
        guard let colon = digest.firstIndex(of: ":") else { return digest }
        let hex = digest[digest.index(after: colon)...]
        return hex.count > 12 ? String(digest[...colon]) + hex.prefix(12) : digest
    }
}

/// `get --sort-by` for the plugin's own printers, as kubectl sorts: a listed table by its rows'
/// objects (TableSorter), `-o name|json|yaml` by the items of the List they print (the generic
/// SortingPrinter). One named provider is never sorted, nor are several named ones in a table
/// (kubectl gets one table each).
enum GetSort {
    enum Outcome {
        case sorted([InputProvider])
        /// kubectl's table printer failed: it prints nothing for the table (and exits 0).
        case nothingPrinted
        case failed(PrinterError)
    }

    static func apply(_ field: String, to providers: [InputProvider], table: Bool, names: Int) -> Outcome {
        do {
            if table {
                guard names == 0 else { return .sorted(providers) }
                let order = try SortBy.tableOrder(providers.map(\.object), by: field)
                return .sorted(order.map { providers[$0] })
            }
            guard names != 1 else { return .sorted(providers) }
            // The List kubectl prints holds its items after a JSON round trip.
            let items = KubectlList.items(of: KubectlList.list(providers.map(\.object)))
            return .sorted(try SortBy.order(items, by: field).map { providers[$0] })
        } catch {
            if table, case .error = error.kind { return .nothingPrinted }
            return .failed(error)
        }
    }
}
