import Analysis
import Failure
import Provider
import YAML

/// What `diff` found: an outcome per provider compared, and the providers of other types a
/// scope (`-A`, `-l`, a file) held, which diff does not compare.
struct DiffReport: Sendable {
    var outcomes: [ScanOutcome]
    var skipped: [InputProvider] = []
}

/// Renders `diff` results for people (like `kubectl diff`, coloured on a terminal) and machines.
struct DiffPrinter: ReportPrinter {
    var style: Style
    var wide: Bool = false

    /// One block per provider.
    func human(_ report: DiffReport) -> String {
        report.outcomes.map(block).joined(separator: "\n")
    }

    func block(_ outcome: ScanOutcome) -> String {
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
            if let unknown = Self.digestsUnknown(diff) {
                out += "lastExportedRevision unknown: \(unknown) of the inputs have no digest (give them in --tags-file, or scan the registry)\n"
            } else {
                out += "lastExportedRevision would become \(diff.predictedRevision)\n"
            }
            if p.isSuspended {
                let resume = outcome.file == nil ? "until 'kubectl rsip resume \(outcome.address)'"
                    : "while \(outcome.file ?? "the file") sets it (remove the annotation to resume)"
                out += style.yellow("  note: ") + "the provider is suspended (fluxcd.controlplane.io/reconcile: disabled): the controller will not pick this up \(resume)\n"
            }
        }
        return out
    }

    /// How many predicted inputs lack a digest (a tags file without them); nil when none do,
    /// and the revision the controller would write is known.
    static func digestsUnknown(_ diff: ProviderDiff) -> Int? {
        let missing = diff.predicted.filter { ($0["digest"]?.string ?? "").isEmpty }.count
        return missing == 0 ? nil : missing
    }

    /// `-o json|yaml`: one object per provider under `providers`, stable keys for scripts.
    func machine(_ report: DiffReport) -> Value {
        var providers: [Value] = []
        for outcome in report.outcomes {
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
                entry["predictedRevision"] = Self.digestsUnknown(diff) == nil ? .string(diff.predictedRevision) : .null
                entry["registryTags"] = .int(Int64(scan.prediction.registryTags.count))
                entry["predictedInputs"] = .array(diff.predicted)
                if !scan.warnings.isEmpty { entry["warnings"] = .array(scan.warnings.map(Value.string)) }
            }
            providers.append(entry)
        }
        var out: Value = ["providers": .array(providers)]
        if !report.skipped.isEmpty {
            out["skipped"] = .array(report.skipped.map {
                ["namespace": .string($0.namespace), "name": .string($0.name), "type": .string($0.type)]
            })
        }
        return out
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
