import Kube
import Provider
import Timestamp
import YAML

/// Renders `get` results; pure string building so tests can check output without a cluster.
struct GetPrinter {
    var format: OutputFormat
    var noHeaders: Bool
    var showManagedFields: Bool
    /// Seconds since the epoch, for AGE columns.
    var now: Double

    // MARK: lists

    func list(_ providers: [InputProvider], allNamespaces: Bool) -> String {
        switch format {
        case .yaml, .json:
            let list: Value = [
                "apiVersion": "v1",
                "items": .array(providers.map { printable($0.object) }),
                "kind": "List",
                "metadata": ["resourceVersion": ""],
            ]
            return format == .yaml ? YAML.emit(list) : JSON.encodePretty(list)
        case .name:
            return providers.map { nameLine($0) }.joined()
        case .table, .wide:
            let wide = format == .wide
            var headers = ["NAME", "TYPE", "INPUTS", "READY", "STATUS", "LAST RECONCILED", "AGE"]
            if wide { headers += ["URL", "FILTER", "REVISION"] }
            if allNamespaces { headers.insert("NAMESPACE", at: 0) }
            var table = Table(headers: headers)
            for p in providers {
                var row = [p.name, p.type, String(p.exportedInputs.count), p.ready?.status ?? "",
                           statusCell(p), lastReconciled(p), KubeTime.age(of: p.creationTimestamp, now: now)]
                if wide {
                    row += [p.url ?? "<none>", p.filter.summary ?? "<none>", shortRevision(p.lastExportedRevision)]
                }
                if allNamespaces { row.insert(p.namespace, at: 0) }
                table.append(row)
            }
            return table.render(showHeaders: !noHeaders)
        }
    }

    // MARK: one provider

    func single(_ p: InputProvider) -> String {
        switch format {
        case .yaml: return YAML.emit(printable(p.object))
        case .json: return JSON.encodePretty(printable(p.object))
        case .name: return nameLine(p)
        case .table, .wide: return summary(p) + "\n" + inputsTable(p)
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

    func summary(_ p: InputProvider) -> String {
        var fields: [(String, String)] = [
            ("Name", p.name),
            ("Namespace", p.namespace),
            ("Type", p.type + (p.isOCI ? "" : " (not an OCI tag type: inputs are shown, registry checks do not apply)")),
            ("URL", p.url ?? "<none>"),
            ("Filter", p.filter.summary ?? "<none>"),
        ]
        if p.isSuspended {
            fields.append(("Suspended", "yes (fluxcd.controlplane.io/reconcile: disabled): the controller ignores this provider"))
        }
        if let ready = p.ready {
            var text = ready.status
            if !ready.reason.isEmpty { text += " (\(ready.reason))" }
            if !ready.message.isEmpty { text += ": " + ready.message }
            if let g = ready.observedGeneration, let gen = p.generation, g != gen {
                text += " [observedGeneration \(g), generation \(gen): not yet reconciled]"
            }
            fields.append(("Ready", text))
        } else {
            fields.append(("Ready", "<none> (the controller has not reported on this provider)"))
        }
        if let at = p.lastHandledReconcileAt {
            let age = RFC3339.seconds(at).map { " (\(KubeTime.humanDuration(now - $0)) ago)" } ?? ""
            fields.append(("Last reconcile", at + age))
        } else {
            fields.append(("Last reconcile", "<none>"))
        }
        fields.append(("Revision", p.lastExportedRevision ?? "<none>"))
        fields.append(("Next schedule", nextSchedule(p)))
        fields.append(("Age", KubeTime.age(of: p.creationTimestamp, now: now)))
        let width = (fields.map(\.0.count).max() ?? 0) + 2
        var out = fields.map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count) + Table.cell($0.1) + "\n" }
            .joined()
        for warning in warnings(p) { out += "Warning: \(warning)\n" }
        return out
    }

    func warnings(_ p: InputProvider) -> [String] {
        var out: [String] = []
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
                       format == .wide ? digest : shortDigest(digest)]
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

    private func statusCell(_ p: InputProvider) -> String {
        if p.isSuspended { return "Suspended" }
        let message = p.ready?.message ?? ""
        let firstLine = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return firstLine.count > 60 ? String(firstLine.prefix(57)) + "..." : firstLine
    }

    private func lastReconciled(_ p: InputProvider) -> String {
        guard let at = p.lastHandledReconcileAt, !at.isEmpty else { return "<none>" }
        return RFC3339.seconds(at).map { KubeTime.humanDuration(now - $0) } ?? at
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
        return shortDigest(revision)
    }

    /// `sha256:` plus 12 hex digits, like the short ids users know from docker.
    private func shortDigest(_ digest: String) -> String {
        guard let colon = digest.firstIndex(of: ":") else { return digest }
        let hex = digest[digest.index(after: colon)...]
        return hex.count > 12 ? String(digest[...colon]) + hex.prefix(12) : digest
    }

    private func cellText(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .null: return "<none>"
        default: return JSON.encodeCompact(v)
        }
    }
}
