import Provider
import YAML

/// `kubectl rsip doctor`: the failure modes users hit without knowing which question to ask,
/// judged from what the command gathered (`DoctorInput`). Pure: the same input gives the same
/// report, so every code is unit-tested from fixtures.
public enum Doctor {
    public static func examine(_ input: DoctorInput) -> DoctorReport {
        var out = Collector()
        var renders = ResourceSetRenders(input: input)
        for provider in input.providers {
            out.add(statusFindings(provider, input))
            if provider.isOCI {
                let access = accessFindings(provider, input)
                out.add(access.findings)
                out.gaps += access.gaps
                tagFindings(provider, input, into: &out)
            }
            consumerFindings(provider, input, renders: &renders, into: &out)
        }
        receiverFindings(input, into: &out)
        out.checkedResourceSets = renders.checked.count
        return DoctorReport(findings: sorted(out.findings, providers: input.providers),
                            checked: .init(providers: input.providers.count, resourceSets: out.checkedResourceSets,
                                           receivers: out.checkedReceivers.count,
                                           registries: Set(input.repositories.values.compactMap { r -> String? in
                                               if case .listed = r.listing { return r.registry }
                                               return nil
                                           }).count),
                            registryLoad: registryLoad(input), notChecked: out.gaps)
    }

    /// The providers whose registry the command should scan: OCI providers the controller can
    /// scan itself (a filter it accepts, the Secrets and ServiceAccount it needs). The others
    /// would only repeat a failure a finding already names.
    public static func registryCandidates(_ input: DoctorInput) -> [InputProvider] {
        guard !input.fromStatus else { return [] }
        return input.providers.filter { p in
            guard p.isOCI, (try? RegistryAccessPlan.validate(p)) != nil,
                  (try? CompiledTagFilter(p.tagFilter)) != nil else { return false }
            return !accessFindings(p, input).blocksScan
        }
    }

    /// Findings in report order: worst first, then by provider (in the order listed; findings
    /// about the cluster first), then in the order of the codes' table.
    static func sorted(_ findings: [DoctorFinding], providers: [InputProvider]) -> [DoctorFinding] {
        var position: [String: Int] = [:]
        for (i, p) in providers.enumerated() where position[p.key] == nil { position[p.key] = i }
        return findings.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if x.severity != y.severity { return x.severity < y.severity }
            let px = x.provider.map { position[$0] ?? providers.count } ?? -1
            let py = y.provider.map { position[$0] ?? providers.count } ?? -1
            if px != py { return px < py }
            if x.code != y.code { return x.code.rank < y.code.rank }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// What the scan plan costs each registry host per hour: per pass one tag list (one request
    /// per 1,000 tags) and one HEAD per kept tag, every `reconcileEvery`.
    static func registryLoad(_ input: DoctorInput) -> [RegistryLoad] {
        var byHost: [String: (requests: Double, providers: Int)] = [:]
        var order: [String] = []
        for p in input.providers where p.isOCI && !p.isSuspended {
            guard let repository = input.repositories[p.key], !repository.registry.isEmpty else { continue }
            var listed = p.exportedInputs.count
            var kept = listed
            if case .listed(let tags, _) = repository.listing {
                listed = tags.count
                kept = (try? TagSelector.select(tags, filter: p.tagFilter))?.selected.count ?? 0
            }
            let pages = max(1, (listed + 999) / 1000)
            let perHour = Double(pages + kept) * 3600 / ReconcileSchedule(p).intervalSeconds
            if byHost[repository.registry] == nil { order.append(repository.registry) }
            byHost[repository.registry, default: (0, 0)].requests += perHour
            byHost[repository.registry, default: (0, 0)].providers += 1
        }
        return order.map { host in
            let load = byHost[host] ?? (0, 0)
            return RegistryLoad(host: host, requestsPerHour: Int(load.requests.rounded()), providers: load.providers)
        }
    }
}

/// Findings and gaps as the checks produce them, deduplicated (one finding per code, object
/// and provider).
struct Collector {
    var findings: [DoctorFinding] = []
    var gaps: [DoctorGap] = []
    var checkedResourceSets = 0
    var checkedReceivers: Set<String> = []
    private var seen: Set<String> = []

    mutating func add(_ finding: DoctorFinding) {
        let key = "\(finding.code.rawValue)|\(finding.object.kind)|\(finding.object.reference)|\(finding.provider ?? "")"
        guard seen.insert(key).inserted else { return }
        findings.append(finding)
    }

    mutating func add(_ more: [DoctorFinding]) { for f in more { add(f) } }

    mutating func gap(_ gap: DoctorGap) {
        guard !gaps.contains(gap) else { return }
        gaps.append(gap)
    }
}

/// Commands the fixes quote, for one provider.
struct Fix {
    var provider: InputProvider
    var target: String { "\(provider.name) -n \(provider.namespace)" }
    var reconcile: String { "kubectl rsip reconcile \(target)" }
    var resume: String { "kubectl rsip resume \(target)" }
    var get: String { "kubectl rsip get \(target)" }
    var diff: String { "kubectl rsip diff \(target)" }
    var why: String { "kubectl rsip why \(target)" }
    func simulate(_ flags: String) -> String { "kubectl rsip simulate \(target) \(flags)" }
}
