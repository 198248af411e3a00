import Analysis
import Provider
import YAML

/// One provider's outcome in a `diff` run: a comparison, or the error that stopped its scan.
struct DiffOutcome {
    var provider: InputProvider
    var result: Result<ScanResult, CommandFailure>
}

/// Renders `diff` results for people (like `kubectl diff`, coloured on a terminal) and machines.
struct DiffPrinter {
    var style: Style
    var wide: Bool = false

    func human(_ outcome: DiffOutcome) -> String {
        let p = outcome.provider
        var out = style.bold("diff \(p.namespace)/\(p.name)") + "  " + style.dim(p.url ?? "") + "\n"
        switch outcome.result {
        case .failure(let failure):
            out += style.red("  error: ") + stripErrorPrefix(failure.message) + "\n"
            if let hint = failure.hint { out += "  hint: \(hint)\n" }
        case .success(let scan):
            for warning in scan.warnings { out += style.yellow("  warning: ") + warning + "\n" }
            let diff = scan.diff
            if diff.isEqual {
                out += "  no differences: the \(diff.current.count) exported input(s) match the registry\n"
                return out
            }
            let tagWidth = max(diff.changes.map(\.tag.count).max() ?? 0, 3)
            for change in diff.changes {
                let tag = change.tag.padding(toLength: tagWidth, withPad: " ", startingAt: 0)
                switch change.kind {
                case .removed:
                    out += style.red("- \(tag)  \(digest(change.oldDigest))") + "  (\(change.reason.phrase))\n"
                case .added:
                    out += style.green("+ \(tag)  \(digest(change.newDigest))") + "  (\(change.reason.phrase))\n"
                case .changed:
                    if case .newDigest = change.reason {
                        out += style.yellow("~ \(tag)  \(digest(change.oldDigest)) -> \(digest(change.newDigest))")
                            + "  (\(change.reason.phrase))\n"
                    } else {
                        out += style.yellow("~ \(tag)") + "  (\(change.reason.phrase))\n"
                    }
                }
            }
            if diff.orderChanged { out += style.yellow("~ order") + "  (same inputs, new order)\n" }
            let counts = Dictionary(grouping: diff.changes, by: \.kind).mapValues(\.count)
            out += "  \(counts[.added] ?? 0) added, \(counts[.removed] ?? 0) removed, \(counts[.changed] ?? 0) changed; "
            out += "lastExportedRevision would become \(diff.predictedRevision)\n"
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
            ]
            switch outcome.result {
            case .failure(let failure):
                entry["equal"] = .bool(false)
                entry["error"] = .string(stripErrorPrefix(failure.message))
            case .success(let scan):
                let diff = scan.diff
                entry["equal"] = .bool(diff.isEqual)
                entry["changes"] = .array(diff.changes.map { change in
                    var c: Value = ["change": .string(change.kind.rawValue), "tag": .string(change.tag),
                                    "id": .string(change.id), "reason": .string(change.reason.code),
                                    "message": .string(change.reason.phrase)]
                    if let d = change.oldDigest { c["oldDigest"] = .string(d) }
                    if let d = change.newDigest { c["newDigest"] = .string(d) }
                    return c
                })
                entry["orderChanged"] = .bool(diff.orderChanged)
                entry["currentRevision"] = diff.currentRevision.map(Value.string) ?? .null
                entry["predictedRevision"] = .string(diff.predictedRevision)
                entry["registryTags"] = .int(Int64(scan.registryTags.count))
                entry["predictedInputs"] = .array(diff.predicted)
                if !scan.warnings.isEmpty { entry["warnings"] = .array(scan.warnings.map(Value.string)) }
            }
            providers.append(entry)
        }
        return ["providers": .array(providers)]
    }

    private func digest(_ d: String?) -> String {
        guard let d, !d.isEmpty else { return "<digest not checked>" }
        if wide { return d }
        guard let colon = d.firstIndex(of: ":") else { return d }
        let hex = d[d.index(after: colon)...]
        return hex.count > 12 ? String(d[...colon]) + hex.prefix(12) : d
    }

    private func stripErrorPrefix(_ s: String) -> String {
        s.hasPrefix("error: ") ? String(s.dropFirst(7)) : s
    }
}
