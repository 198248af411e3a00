import Analysis
import YAML

/// Prints `why KIND/NAME`: the chain of owners back to the ResourceSet, its input and tag, then
/// (when traced) that tag's `why`; or where and why the chain breaks.
struct ProvenancePrinter: ReportPrinter {
    var style: Style
    var why: WhyPrinter

    /// The walk back, and the tag's own answer when the walk reached one.
    struct Trace {
        var report: ProvenanceReport
        var tag: WhyReport?
    }

    func human(_ trace: Trace) -> String {
        let r = trace.report
        var out = style.bold("why \(r.object.kind.lowercased())/\(r.object.name)" + (r.object.namespace.isEmpty ? "" : " -n \(r.object.namespace)")) + "\n"
        for (i, link) in r.chain.enumerated() {
            let arrow = i == 0 ? "" : String(repeating: "  ", count: i - 1) + "└─"
            var line = "\(arrow)\(link.key.kind)/\(link.key.name)"
            if !link.key.namespace.isEmpty { line += " (\(link.key.namespace))" }
            if let evidence = r.chain.indices.contains(i + 1) ? r.chain[i + 1].confirms : nil {
                line += style.dim("  " + Self.phrase(evidence, owner: r.chain[i + 1].key))
            }
            out += line + "\n"
        }
        if let input = r.input {
            let depth = max(0, r.chain.count - 1)
            out += String(repeating: "  ", count: depth) + "└─input \(input.label)" + (r.source.map { style.dim("  rendered from \($0)") } ?? "") + "\n"
            for tag in r.tags {
                out += String(repeating: "  ", count: depth + 1) + "└─ResourceSetInputProvider/\(tag.provider) (\(tag.namespace)) tag \(tag.tag)"
                    + (tag.digest.map { style.dim("  exported at \(Digests.short($0))") } ?? "") + "\n"
            }
        }
        for disagreement in r.disagreements { out += style.yellow("  ! ") + disagreement.description + "\n" }
        if !r.missingLabels.isEmpty { out += style.dim("  missing labels: " + r.missingLabels.joined(separator: ", ")) + "\n" }
        let word = r.verdict == .traced ? style.green(style.bold("Traced")) : style.yellow(style.bold(Self.word(r.verdict)))
        out += "\n\(word): \(r.message)\n"
        if let tag = trace.tag {
            out += "\n" + why.human(.one(tag))
        } else if let next = r.next {
            out += style.dim("next: kubectl rsip why \(next.whyArguments.joined(separator: " "))") + "\n"
        }
        return out
    }

    func machine(_ trace: Trace) -> Value {
        let r = trace.report
        var v: Value = ["object": key(r.object), "verdict": .string(Self.word(r.verdict)), "message": .string(r.message)]
        v["chain"] = .array(r.chain.map { link in
            var l = key(link.key)
            if let evidence = link.confirms { l["evidence"] = .string(Self.code(evidence)) }
            return l
        })
        v["resourceSet"] = r.resourceSet.map(key) ?? .null
        v["input"] = r.input.map { .string($0.label) } ?? .null
        v["tags"] = .array(r.tags.map { ["provider": .string($0.provider), "namespace": .string($0.namespace),
                                         "tag": .string($0.tag), "digest": $0.digest.map(Value.string) ?? .null] })
        v["missingLabels"] = .array(r.missingLabels.map(Value.string))
        v["disagreements"] = .array(r.disagreements.map { .string($0.description) })
        v["why"] = trace.tag.map { why.machine(.one($0)) } ?? .null
        return v
    }

    private func key(_ k: ObjectKey) -> Value {
        ["apiVersion": k.apiVersion.map(Value.string) ?? .string(k.group), "kind": .string(k.kind),
         "namespace": .string(k.namespace), "name": .string(k.name)]
    }

    /// The one word of a verdict, as scripts match it.
    static func word(_ verdict: ProvenanceReport.Verdict) -> String {
        switch verdict {
        case .traced: return "Traced"
        case .notManaged: return "NotManaged"
        case .labelsDisagree: return "LabelsDisagree"
        case .notFromResourceSet: return "NotFromResourceSet"
        case .notRendered: return "NotRendered"
        case .noOCIProvider: return "NoOCIProvider"
        case .buildFailed: return "BuildFailed"
        case .unknown: return "Unknown"
        }
    }

    static func code(_ evidence: ProvenanceLink.Evidence) -> String {
        switch evidence {
        case .inventory: return "inventory"
        case .helmStorage: return "helmStorage"
        case .rendered: return "rendered"
        }
    }

    static func phrase(_ evidence: ProvenanceLink.Evidence, owner: ObjectKey) -> String {
        switch evidence {
        case .inventory: return "in the inventory of \(owner.kind)/\(owner.name)"
        case .helmStorage(let secret): return "in the Helm release \(secret.namespace)/\(secret.name)"
        case .rendered: return "rendered by \(owner.kind)/\(owner.name)"
        }
    }
}
