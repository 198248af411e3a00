import Analysis
import Failure
import Provider
import YAML

/// One provider's outcome in a `diff` run: a comparison, or the error that stopped its scan.
struct DiffOutcome: Sendable {
    var provider: InputProvider
    var result: Result<ScanResult, UserError>
}

/// Renders `diff` results for people (like `kubectl diff`, coloured on a terminal) and machines.
struct DiffPrinter: ReportPrinter {
    var style: Style
    var wide: Bool = false

    /// One block per provider.
    func human(_ outcomes: [DiffOutcome]) -> String {
        outcomes.map(block).joined(separator: "\n")
    }

    func block(_ outcome: DiffOutcome) -> String {
        let p = outcome.provider
        var out = style.bold("diff \(p.namespace)/\(p.name)") + "  " + style.dim(p.url ?? "") + "\n"
        switch outcome.result {
        case .failure(let failure):
            out += style.red("  error: ") + failure.message + "\n"
            if let hint = failure.hint { out += "  hint: \(hint)\n" }
        case .success(let scan):
            for warning in scan.warnings { out += style.yellow("  warning: ") + warning + "\n" }
            let diff = scan.prediction.diff
            if diff.isEqual {
                out += "  no differences: the \(diff.current.count) exported input(s) match the registry\n"
                return out
            }
            out += InputChangeLines(style: style, wide: wide).lines(diff.changes, indent: "")
            if diff.orderChanged { out += style.yellow("~ order") + "  (same inputs, new order)\n" }
            let counts = Dictionary(grouping: diff.changes, by: \.kind).mapValues(\.count)
            out += "  \(counts[.added] ?? 0) added, \(counts[.removed] ?? 0) removed, \(counts[.changed] ?? 0) changed; "
            out += "lastExportedRevision would become \(diff.predictedRevision)\n"
            if p.isSuspended {
                out += style.yellow("  note: ") + "the provider is suspended (fluxcd.controlplane.io/reconcile: disabled): the controller will not pick this up until 'kubectl rsip resume \(p.name) -n \(p.namespace)'\n"
            }
        }
        return out
    }

    /// `-o json|yaml`: one object per provider under `providers`, stable keys for scripts.
    func machine(_ outcomes: [DiffOutcome]) -> Value {
        var providers: [Value] = []
        for outcome in outcomes {
            var entry: Value = [
                "namespace": .string(outcome.provider.namespace),
                "name": .string(outcome.provider.name),
                "url": .string(outcome.provider.url ?? ""),
                "suspended": .bool(outcome.provider.isSuspended),
            ]
            switch outcome.result {
            case .failure(let failure):
                entry["equal"] = .bool(false)
                entry["error"] = .string(failure.message)
                if let hint = failure.hint { entry["hint"] = .string(hint) }
            case .success(let scan):
                let diff = scan.prediction.diff
                entry["equal"] = .bool(diff.isEqual)
                entry["changes"] = .array(diff.changes.map { change in
                    var c: Value = ["change": .string(change.kind.rawValue), "tag": .string(change.tag),
                                    "id": .string(change.id), "reason": .string(change.reason.code),
                                    "message": .string(change.reason.phrase)]
                    if let d = change.oldDigest { c["oldDigest"] = .string(d) }
                    if let d = change.newDigest { c["newDigest"] = .string(d) }
                    if case .valuesChanged(let keys) = change.reason { c["keys"] = .array(keys.map(Value.string)) }
                    return c
                })
                entry["orderChanged"] = .bool(diff.orderChanged)
                entry["currentRevision"] = diff.currentRevision.map(Value.string) ?? .null
                entry["predictedRevision"] = .string(diff.predictedRevision)
                entry["registryTags"] = .int(Int64(scan.prediction.registryTags.count))
                entry["predictedInputs"] = .array(diff.predicted)
                if !scan.warnings.isEmpty { entry["warnings"] = .array(scan.warnings.map(Value.string)) }
            }
            providers.append(entry)
        }
        return ["providers": .array(providers)]
    }
}

/// `+ tag digest (reason)`, `- ...`, `~ tag old -> new (new digest pushed)` or
/// `~ tag (values changed: env)`: shared by diff and reconcile.
struct InputChangeLines {
    var style: Style
    var wide: Bool

    func lines(_ changes: [InputChange], indent: String, reasons: Bool = true) -> String {
        let tagWidth = max(changes.map(\.tag.count).max() ?? 0, 3)
        var out = ""
        for change in changes {
            let tag = change.tag.padding(toLength: tagWidth, withPad: " ", startingAt: 0)
            let why = reasons ? "  (\(change.reason.phrase))" : ""
            switch change.kind {
            case .removed:
                out += indent + style.red("- \(tag)  \(digest(change.oldDigest))") + why + "\n"
            case .added:
                out += indent + style.green("+ \(tag)  \(digest(change.newDigest))") + why + "\n"
            case .changed:
                if case .newDigest = change.reason {
                    out += indent + style.yellow("~ \(tag)  \(digest(change.oldDigest)) -> \(digest(change.newDigest))")
                        + "  (\(change.reason.phrase))\n"
                } else {
                    out += indent + style.yellow("~ \(tag)") + "  (\(change.reason.phrase))\n"
                }
            }
        }
        return out
    }

    func digest(_ d: String?) -> String {
        guard let d, !d.isEmpty else { return "<digest not checked>" }
        return wide ? d : Digests.short(d)
    }
}
