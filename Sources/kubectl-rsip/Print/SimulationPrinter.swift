import Analysis
import Provider
import YAML

/// Renders a simulation for people (a report, coloured on a terminal) and for machines.
struct SimulationPrinter: ReportPrinter {
    var style: Style

    func human(_ s: Simulation) -> String {
        let p = s.provider
        var out = style.bold("simulate \(p.namespace)/\(p.name)") + "  " + style.dim(p.url ?? "") + "\n"
        out += "filter:  \(summary(p.tagFilter)) -> \(summary(s.filter))\n"
        out += "inputs:  \(p.exportedInputs.count) exported now, \(s.prediction.predicted.count) after the change (tags from \(s.source.name))\n"
        for warning in s.warnings { out += style.yellow("warning: ") + warning + "\n" }
        for note in s.notes { out += style.dim("note: \(note)") + "\n" }

        // Each exported tag once: kept (=), kept with a change (~), or removed (-); then new ones.
        let changes = s.prediction.diff.changes
        var byTag: [String: InputChange] = [:]
        for change in changes where change.kind != .added && byTag[change.tag] == nil { byTag[change.tag] = change }
        for input in p.exportedInputs {
            guard let tag = input["tag"]?.string else { continue }
            switch byTag[tag] {
            case let change? where change.kind == .removed:
                out += style.red("  - \(tag)") + "  (\(change.reason.phrase))\n"
            case let change?:
                out += style.yellow("  ~ \(tag)") + "  (\(change.reason.phrase))\n"
            case nil:
                out += "  = \(tag)\n"
            }
        }
        let nothingNew = s.rendersNothingNew
        for change in changes where change.kind == .added {
            let renders = nothingNew.contains(change.tag)
                ? "; renders nothing new: its objects are already rendered for another input" : ""
            out += style.green("  + \(change.tag)") + "  (\(change.reason.phrase)\(renders))\n"
        }

        if s.impact.isEmpty {
            out += "\nno ResourceSet in namespace \(p.namespace) takes inputs from this provider: nothing in the cluster changes\n"
            return out
        }
        for report in s.impact {
            out += "\n" + style.bold("ResourceSet \(report.resourceSet)") + " (\(report.strategy))\n"
            if let stalled = report.stalled {
                out += style.red("  BuildFailed: ") + "\(stalled): the controller would stall this ResourceSet and apply or prune nothing\n"
                continue
            }
            if report.prunesEverything {
                out += style.red(style.bold("  !!! the input list becomes EMPTY: the controller applies an empty set and PRUNES EVERY OBJECT this ResourceSet owns")) + "\n"
            }
            if !report.hasChanges {
                out += "  no objects created, updated or pruned\n"
            }
            for object in report.pruned {
                out += style.red("  prune   \(object.key)") + inputNote(object) + "\n"
                for cascade in report.cascades where cascade.kustomization == object.key {
                    switch cascade.effect {
                    case .deletesWorkloads:
                        for workload in cascade.workloads { out += style.red("            deletes \(workload)") + "\n" }
                    case .orphansWorkloads:
                        out += style.yellow("            \(cascade.reason ?? "spec.prune is false"): its \(cascade.workloads.count) object(s) stay, orphaned") + "\n"
                    case .unknown:
                        out += style.dim("            its inventory is unknown (\(cascade.kustomization.kind) not found in the cluster)") + "\n"
                    case .notRead:
                        out += style.dim("            its inventory is unknown (-f reads no cluster)") + "\n"
                    case .unreadable:
                        out += style.yellow("            its inventory is unknown: cannot read the \(cascade.kustomization.kind): \(cascade.reason ?? "")") + "\n"
                    case .remote:
                        out += style.dim("            \(cascade.reason ?? "remote cluster, not followed")") + "\n"
                    }
                }
            }
            for object in report.keptPruneDisabled {
                out += style.yellow("  keep    \(object.key)") + "  (fluxcd.controlplane.io/prune: disabled)\n"
            }
            // Permute ids are positional: a kept name may now be rendered for another input.
            for object in report.kept where object.previousInput != nil && object.previousInput != object.input {
                out += style.yellow("  change  \(object.key)") + "  (now renders \(object.input ?? "?"), was \(object.previousInput ?? "?"))\n"
            }
            for update in report.updated {
                let head = style.yellow("  update  \(update.object.key)")
                if update.changes.count == 1, let only = update.changes.first {
                    out += head + ": " + fieldChange(only) + "\n"
                } else {
                    out += head + inputNote(update.object) + "\n"
                    for change in update.changes { out += "            " + fieldChange(change) + "\n" }
                }
            }
            for object in report.created {
                out += style.green("  create  \(object.key)") + inputNote(object) + "\n"
            }
            for duplicate in report.duplicates {
                out += style.yellow("  note: ") + duplicate.note + "\n"
            }
        }
        return out
    }

    func machine(_ s: Simulation) -> Value {
        let changes = s.prediction.diff.changes
        var out: Value = [
            "provider": ["namespace": .string(s.provider.namespace), "name": .string(s.provider.name)],
            "source": .string(s.source.code),
            // Exactly the exported inputs the controller would write (diff's predictedInputs).
            "inputs": .array(s.prediction.predicted),
            "kept": .array(s.kept.map(Value.string)),
            "changed": .array(s.changed.map(change)),
            "removed": .array(changes.filter { $0.kind == .removed }.map(change)),
            "added": .array(changes.filter { $0.kind == .added }.map { added in
                var v = change(added)
                if s.rendersNothingNew.contains(added.tag) { v["rendersNothingNew"] = true }
                return v
            }),
        ]
        out["notes"] = .array((s.notes + s.duplicateNotes).map(Value.string))
        if !s.warnings.isEmpty { out["warnings"] = .array(s.warnings.map(Value.string)) }
        out["impact"] = .array(s.impact.map(impact))
        return out
    }

    private func change(_ c: InputChange) -> Value {
        var v: Value = ["id": .string(c.id), "tag": .string(c.tag), "reason": .string(c.reason.code),
                        "message": .string(c.reason.phrase)]
        if let d = c.oldDigest ?? c.newDigest, !d.isEmpty { v["digest"] = .string(d) }
        if c.kind == .changed, let d = c.newDigest, !d.isEmpty { v["newDigest"] = .string(d) }
        return v
    }

    private func impact(_ r: ImpactReport) -> Value {
        var v: Value = ["resourceSet": .string(r.resourceSet), "strategy": .string(r.strategy),
                        "prunesEverything": .bool(r.prunesEverything)]
        if let stalled = r.stalled { v["buildFailed"] = .string(stalled.message) }
        v["notes"] = .array(r.duplicates.map { .string($0.note) })
        v["create"] = .array(r.created.map { object($0.key, input: $0) })
        v["prune"] = .array(r.pruned.map { pruned in
            var o = object(pruned.key, input: pruned)
            if let cascade = r.cascades.first(where: { $0.kustomization == pruned.key }) {
                o["inventory"] = .array(cascade.workloads.map { object($0, input: nil) })
                o["inventoryEffect"] = .string(cascade.effect.rawValue)
                if let reason = cascade.reason { o["inventoryError"] = .string(reason) }
            }
            return o
        })
        v["update"] = .array(r.updated.map { update in
            var o = object(update.object.key, input: update.object)
            o["changes"] = .array(update.changes.map { change in
                var c: Value = ["path": .string(change.path)]
                c["old"] = change.old ?? .null
                c["new"] = change.new ?? .null
                return c
            })
            return o
        })
        if !r.keptPruneDisabled.isEmpty {
            v["keptPruneDisabled"] = .array(r.keptPruneDisabled.map { object($0.key, input: $0) })
        }
        return v
    }

    private func object(_ key: ObjectKey, input: ImpactObject?) -> Value {
        var v: Value = ["apiVersion": key.apiVersion.map(Value.string) ?? .string(key.group), "kind": .string(key.kind),
                        "namespace": .string(key.namespace), "name": .string(key.name)]
        if let label = input?.input { v["input"] = .string(label) }
        return v
    }

    /// `spec.ref.digest sha256:385d3d0e5c1f -> sha256:2fc5a8e3b7d1`: digests shortened as in
    /// diff, `(absent)` for a field one side does not have.
    private func fieldChange(_ change: FieldChange) -> String {
        func shown(_ v: Value?) -> String {
            guard let v else { return "(absent)" }
            if case .string(let s) = v {
                if s.hasPrefix("sha256:") { return Digests.short(s) }
                // Quoted only where a bare word would mislead (empty, spaces, a number-like text).
                return s.isEmpty || s.contains(where: \.isWhitespace) || Double(s) != nil ? JSON.encodeCompact(v) : s
            }
            return JSON.encodeCompact(v)
        }
        return "\(change.path) \(shown(change.old)) -> \(shown(change.new))"
    }

    private func inputNote(_ object: ImpactObject) -> String {
        guard let input = object.input else { return "" }
        return style.dim("  (input \(input))")
    }

    private func summary(_ f: TagFilter) -> String { f.summary(showingDefaultLimit: true) ?? "" }

}
