import Analysis
import Provider
import YAML

/// Prints `why`: a short tree in kubectl-tree's style and the verdict last, or the report as
/// data with the field names scripts rely on.
struct WhyPrinter: ReportPrinter {
    var style: Style
    var now: Double

    typealias Report = Answer

    /// One tag followed, or every tag of a provider.
    enum Answer {
        case one(WhyReport)
        case all([WhyReport], InputProvider)
    }

    func human(_ answer: Answer) -> String {
        switch answer {
        case .one(let report): return human(report)
        case .all(let reports, let provider): return human(all: reports, provider: provider)
        }
    }

    func machine(_ answer: Answer) -> Value {
        switch answer {
        case .one(let report): return machine(report)
        case .all(let reports, let provider): return machine(all: reports, provider: provider)
        }
    }

    func human(_ r: WhyReport) -> String {
        let p = r.provider
        var out = style.bold("why \(p.namespace)/\(p.name) \(r.tag)") + "\n"
        let fromFile = r.registry.tagList == TagSource.file(TagList(tags: [])).code
        switch r.registry.present {
        case true? where fromFile: out += "tags-file  listed, \(r.registry.digest.map(Digests.short) ?? "no digest given")\n"
        case false? where fromFile: out += "tags-file  " + style.red("not listed") + "\n"
        case true?: out += "registry   present, \(r.registry.digest.map(Digests.short) ?? "digest unknown")  " + style.dim(r.registry.url ?? "") + "\n"
        case false?: out += "registry   " + style.red("not found") + "  " + style.dim(r.registry.url ?? "") + "\n"
        case nil: out += "registry   " + style.dim("not asked (--from-status)") + "\n"
        }
        let built = [r.registry.created.map { "created \($0)" }, r.registry.revision.map { "revision \($0)" },
                     r.registry.source.map { "source \($0)" }].compactMap { $0 }
        if !built.isEmpty { out += "           " + style.dim(built.joined(separator: ", ")) + "\n" }
        if let change = r.filterChange { out += "changed    filter \(change.from) -> \(change.to)\n" }
        let f = r.filter
        let position = f.position.map { ", position \($0) of \(f.passing ?? 0)" } ?? ""
        // A tag the list does not hold is judged as if it were pushed.
        let once = f.assumed ? "would be " : ""
        if f.kept {
            out += "filter     \(once)kept\(position) (limit \(f.limit)), id \(f.id)\n"
        } else {
            out += "filter     " + style.yellow("\(once)\(f.reason ?? "dropped"): \(f.phrase ?? "")") + "\(position) (limit \(f.limit))\n"
        }
        if !f.collidesWith.isEmpty {
            out += style.yellow("           id \(f.id) is shared with \(f.collidesWith.joined(separator: ", ")): the ResourceSet keeps only the first") + "\n"
        }
        if r.exported.present {
            out += "exported   \(r.exported.digest.map(Digests.short) ?? "no digest"), id \(r.exported.id ?? "?")"
        } else {
            out += "exported   " + style.yellow("no")
        }
        out += r.exported.lastHandledReconcileAt.map { " (last handled reconcile \($0), \(KubeTime.age(of: $0, now: now)) ago)" } ?? ""
        out += "\n"

        if !r.objects.isEmpty {
            var table = Table(headers: ["NAMESPACE", "NAME", "READY", "REASON", "AGE"])
            for (i, o) in r.objects.enumerated() {
                // A note (a HelmRelease's release out of reach) says more than its own message.
                var reason = o.state == .ready || o.note != nil ? (o.reason ?? "") : [o.reason, o.message].compactMap { $0 }.joined(separator: ": ")
                if let note = o.note { reason += reason.isEmpty ? note : "; " + note }
                table.append([o.key.namespace, prefix(r.objects, i) + "\(o.key.kind)/\(o.key.name)", o.readyWord,
                              Self.shortDigests(reason),
                              o.creationTimestamp.map { KubeTime.age(of: $0, now: now) } ?? "-"])
            }
            out += "\n" + table.render()
        }
        out += "\n" + verdict(r) + "\n"
        if let next = r.next { out += style.dim("next: \(next)") + "\n" }
        return out
    }

    /// `├─`, `└─` and `│ ` as kubectl-tree draws them, from each object's depth.
    func prefix(_ objects: [WhyObject], _ i: Int) -> String {
        let depth = objects[i].depth
        guard depth > 0 else { return "" }
        func isLast(_ index: Int, at level: Int) -> Bool {
            for j in (index + 1)..<objects.count {
                if objects[j].depth < level { return true }
                if objects[j].depth == level { return false }
            }
            return true
        }
        var out = ""
        if depth == 2 {
            // The parent is the nearest depth-1 object above.
            let parent = (0..<i).last { objects[$0].depth == 1 } ?? i
            out += isLast(parent, at: 1) ? "  " : "│ "
        }
        return out + (isLast(i, at: depth) ? "└─" : "├─")
    }

    func verdict(_ r: WhyReport) -> String {
        let word: String
        switch r.verdict {
        case .deployed: word = style.green(style.bold(r.verdict.rawValue))
        case .failing, .notInRegistry: word = style.red(style.bold(r.verdict.rawValue))
        default: word = style.yellow(style.bold(r.verdict.rawValue))
        }
        return "\(word): \(Self.shortDigests(r.message))"
    }

    /// Digests in running text shortened as everywhere in text output (`sha256:385dcbcc3a93`);
    /// `-o json` keeps them whole.
    static func shortDigests(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "sha256:") {
            out += rest[..<range.lowerBound]
            let hex = rest[range.upperBound...].prefix { $0.isHexDigit }
            out += hex.count == 64 ? Digests.short("sha256:" + hex) : "sha256:" + hex
            rest = rest[range.upperBound...].dropFirst(hex.count)
        }
        return out + rest
    }

    func human(all reports: [WhyReport], provider p: InputProvider) -> String {
        var out = style.bold("why \(p.namespace)/\(p.name)") + "  " + style.dim(p.url ?? "") + "\n"
        var table = Table(headers: ["TAG", "VERDICT", "MESSAGE"])
        for r in reports { table.append([r.tag, r.verdict.rawValue, Self.shortDigests(r.message)]) }
        out += table.render()
        var counts: [WhyVerdict: Int] = [:]
        for r in reports { counts[r.verdict, default: 0] += 1 }
        let summary = WhyVerdict.allCases.compactMap { v in counts[v].map { "\($0) \(v.rawValue)" } }.joined(separator: ", ")
        out += "\n\(reports.count) tag\(reports.count == 1 ? "" : "s"): \(summary)\n"
        return out
    }

    func machine(_ r: WhyReport) -> Value {
        var v: Value = [
            "provider": ["namespace": .string(r.provider.namespace), "name": .string(r.provider.name)],
            "tag": .string(r.tag), "verdict": .string(r.verdict.rawValue), "message": .string(r.message),
        ]
        v["next"] = r.next.map(Value.string) ?? .null
        v["registry"] = ["tagList": .string(r.registry.tagList), "present": r.registry.present.map(Value.bool) ?? .null,
                         "digest": r.registry.digest.map(Value.string) ?? .null,
                         "created": r.registry.created.map(Value.string) ?? .null,
                         "revision": r.registry.revision.map(Value.string) ?? .null,
                         "source": r.registry.source.map(Value.string) ?? .null]
        v["filter"] = ["kept": .bool(r.filter.kept), "reason": r.filter.reason.map(Value.string) ?? .null,
                       "position": r.filter.position.map { .int(Int64($0)) } ?? .null,
                       "limit": .int(Int64(r.filter.limit)), "id": .string(r.filter.id), "assumed": .bool(r.filter.assumed)]
        v["exported"] = ["present": .bool(r.exported.present), "id": r.exported.id.map(Value.string) ?? .null,
                         "digest": r.exported.digest.map(Value.string) ?? .null]
        v["nearest"] = .array(r.nearest.map(Value.string))
        if let change = r.filterChange { v["filterChange"] = ["from": .string(change.from), "to": .string(change.to)] }
        v["objects"] = .array(r.objects.filter { $0.depth < 2 }.map { object($0, full: true) })
        v["workloads"] = .array(r.objects.filter { $0.depth == 2 }.map { object($0, full: false) })
        return v
    }

    func machine(all reports: [WhyReport], provider p: InputProvider) -> Value {
        var counts = Value.Object()
        for r in reports { counts[r.verdict.rawValue] = .int((counts[r.verdict.rawValue]?.int ?? 0) + 1) }
        return ["provider": ["namespace": .string(p.namespace), "name": .string(p.name)],
                "tags": .array(reports.map(machine)), "summary": .object(counts)]
    }

    private func object(_ o: WhyObject, full: Bool) -> Value {
        var v: Value = ["apiVersion": o.key.apiVersion.map(Value.string) ?? .string(o.key.group), "kind": .string(o.key.kind),
                        "namespace": .string(o.key.namespace), "name": .string(o.key.name)]
        if full { v["resourceSet"] = .string(o.resourceSet) }
        v["exists"] = o.exists.map(Value.bool) ?? .null
        v["ready"] = o.state == .unknown ? .null : .bool(o.state == .ready)
        if full { v["reason"] = o.reason.map(Value.string) ?? .null }
        v["message"] = o.message.map(Value.string) ?? .null
        if let note = o.note { v["note"] = .string(note) }
        if full { v["revision"] = o.revision.map(Value.string) ?? .null }
        return v
    }
}
