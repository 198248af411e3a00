import Analysis
import YAML

/// Renders a `doctor` report: for people, one line per finding worst first (severity, object,
/// code, sentence) and its `fix:` line, what could not be checked, the registry load, and a
/// summary last; for scripts, the documented structure.
struct DoctorPrinter: ReportPrinter {
    var style: Style

    func human(_ report: DoctorReport) -> String {
        render(findings: report.findings.map { ($0, nil) }, gaps: report.notChecked.map { ($0, nil) },
               load: report.registryLoad, summary: summary(report))
    }

    /// Several contexts' reports as one: every finding, worst first (a severity's findings in
    /// kubeconfig order), tagged with its context as kubectl takes it back
    /// (`rsip/NAME -n NS --context prod-eu`); what could not be checked, tagged too; the registry
    /// load the whole fleet causes per host; one summary. `contexts` counts every context asked,
    /// the failed ones included.
    func fleet(_ reports: [(context: String, report: DoctorReport)], contexts: Int) -> String {
        var findings: [(DoctorFinding, String?)] = []
        for severity in DoctorSeverity.allCases.sorted() {
            for (context, report) in reports {
                findings += report.findings.filter { $0.severity == severity }.map { ($0, context) }
            }
        }
        var load: [RegistryLoad] = []
        for (_, report) in reports {
            for entry in report.registryLoad {
                if let i = load.firstIndex(where: { $0.host == entry.host }) {
                    load[i].requestsPerHour += entry.requestsPerHour
                    load[i].providers += entry.providers
                } else {
                    load.append(entry)
                }
            }
        }
        let gaps = reports.flatMap { context, report in report.notChecked.map { ($0, Optional(context)) } }
        let checked = DoctorReport.Checked(
            providers: reports.map(\.report.checked.providers).reduce(0, +),
            resourceSets: reports.map(\.report.checked.resourceSets).reduce(0, +),
            receivers: reports.map(\.report.checked.receivers).reduce(0, +),
            registries: reports.map(\.report.checked.registries).reduce(0, +))
        var text = summary(checked: checked, findings: findings.map(\.0), gaps: gaps.count)
        let failed = contexts - reports.count
        text.insert(contentsOf: " in \(Self.count(contexts, "context"))" + (failed > 0 ? " (\(failed) not reached: see the errors)" : ""),
                    at: text.firstIndex(of: ":") ?? text.endIndex)
        return render(findings: findings, gaps: gaps, load: load, summary: text)
    }

    private func render(findings: [(DoctorFinding, String?)], gaps: [(DoctorGap, String?)], load: [RegistryLoad],
                        summary: String) -> String {
        var out = ""
        let pad = String(repeating: " ", count: 9)
        func tag(_ context: String?) -> String { context.map { " --context \($0)" } ?? "" }
        for (f, context) in findings {
            let severity = f.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let painted = f.severity == .error ? style.red(severity) : f.severity == .warning ? style.yellow(severity) : style.dim(severity)
            var code = style.bold(f.code.rawValue)
            if let provider = f.provider, !isProvider(f.object, provider) {
                code += " (rsip/\(provider.split(separator: "/").last.map(String.init) ?? provider))"
            }
            out += "\(painted)  \(Self.name(f.object))\(tag(context))  \(code): \(f.message)\n"
            out += "\(pad)fix: \(f.fix)\n"
        }
        for (gap, context) in gaps {
            let what = gap.object.map { Self.name($0) + tag(context) + ": " } ?? context.map { "context \($0): " } ?? ""
            out += style.yellow("not checked") + "  \(what)\(gap.message)\n"
            if let hint = gap.hint { out += "\(pad)hint: \(hint)\n" }
        }
        if !load.isEmpty {
            out += "\nRegistry load (estimated requests per hour at each provider's interval: tag list pages and one HEAD per kept tag):\n"
            var table = Table(headers: ["HOST", "REQUESTS/HOUR", "PROVIDERS"])
            for entry in load { table.append([entry.host, String(entry.requestsPerHour), String(entry.providers)]) }
            out += table.render(showHeaders: true).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        }
        if !findings.isEmpty || !gaps.isEmpty || !load.isEmpty { out += "\n" }
        out += summary + "\n"
        return out
    }

    /// `Checked 3 providers, 1 ResourceSet, 1 Receiver, 1 registry: 1 error, 2 warnings, 1 info.`
    func summary(_ report: DoctorReport) -> String {
        summary(checked: report.checked, findings: report.findings, gaps: report.notChecked.count)
    }

    private func summary(checked c: DoctorReport.Checked, findings: [DoctorFinding], gaps: Int) -> String {
        func count(_ severity: DoctorSeverity) -> Int { findings.filter { $0.severity == severity }.count }
        let checked = [Self.count(c.providers, "provider"), Self.count(c.resourceSets, "ResourceSet"),
                       Self.count(c.receivers, "Receiver"), Self.count(c.registries, "registry", "registries")]
            .joined(separator: ", ")
        var verdict = findings.isEmpty ? "no problems found"
            : [Self.count(count(.error), "error"), Self.count(count(.warning), "warning"),
               "\(count(.info)) info"].joined(separator: ", ")
        if gaps > 0 { verdict += "; \(Self.count(gaps, "check")) could not be made" }
        return "Checked \(checked): \(verdict)."
    }

    /// In a command on several contexts, every finding and gap also names its `context`.
    func machine(_ report: DoctorReport, context: String) -> Value {
        var value = machine(report)
        for key in ["findings", "notChecked"] {
            value[key] = .array((value[key]?.array ?? []).map { item in
                var item = item
                item["context"] = .string(context)
                return item
            })
        }
        return value
    }

    func machine(_ report: DoctorReport) -> Value {
        func object(_ o: DoctorObject) -> Value {
            ["apiVersion": .string(o.apiVersion), "kind": .string(o.kind), "namespace": o.namespace.map(Value.string) ?? .null,
             "name": .string(o.name)]
        }
        let findings: [Value] = report.findings.map { f in
            ["code": .string(f.code.rawValue), "severity": .string(f.severity.rawValue), "object": object(f.object),
             "provider": f.provider.map(Value.string) ?? .null, "message": .string(f.message), "fix": .string(f.fix)]
        }
        let c = report.checked
        return [
            "findings": .array(findings),
            "checked": ["providers": .int(Int64(c.providers)), "resourceSets": .int(Int64(c.resourceSets)),
                        "receivers": .int(Int64(c.receivers)), "registries": .int(Int64(c.registries))],
            "registryLoad": .array(report.registryLoad.map {
                ["host": .string($0.host), "requestsPerHour": .int(Int64($0.requestsPerHour)), "providers": .int(Int64($0.providers))]
            }),
            "notChecked": .array(report.notChecked.map { gap in
                ["object": gap.object.map(object) ?? .null, "provider": gap.provider.map(Value.string) ?? .null,
                 "message": .string(gap.message), "hint": gap.hint.map(Value.string) ?? .null]
            }),
        ]
    }

    /// `rsip/NAME -n NS`, as kubectl takes it back (`kubectl get rsip/NAME -n NS`).
    static func name(_ o: DoctorObject) -> String {
        let kind: String
        switch o.kind {
        case "ResourceSetInputProvider": kind = "rsip"
        case "CustomResourceDefinition": kind = "crd"
        default: kind = o.kind.lowercased()
        }
        return "\(kind)/\(o.name)" + (o.namespace.map { " -n \($0)" } ?? "")
    }

    private func isProvider(_ o: DoctorObject, _ provider: String) -> Bool {
        o.kind == "ResourceSetInputProvider" && o.reference == provider
    }

    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
