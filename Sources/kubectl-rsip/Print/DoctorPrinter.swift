import Analysis
import YAML

/// Renders a `doctor` report: for people, one line per finding worst first (severity, object,
/// code, sentence) and its `fix:` line, what could not be checked, the registry load, and a
/// summary last; for scripts, the documented structure.
struct DoctorPrinter: ReportPrinter {
    var style: Style

    func human(_ report: DoctorReport) -> String {
        var out = ""
        let pad = String(repeating: " ", count: 9)
        for f in report.findings {
            let severity = f.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let painted = f.severity == .error ? style.red(severity) : f.severity == .warning ? style.yellow(severity) : style.dim(severity)
            var code = style.bold(f.code.rawValue)
            if let provider = f.provider, !isProvider(f.object, provider) {
                code += " (rsip/\(provider.split(separator: "/").last.map(String.init) ?? provider))"
            }
            out += "\(painted)  \(Self.name(f.object))  \(code): \(f.message)\n"
            out += "\(pad)fix: \(f.fix)\n"
        }
        for gap in report.notChecked {
            let what = gap.object.map { Self.name($0) + ": " } ?? ""
            out += style.yellow("not checked") + "  \(what)\(gap.message)\n"
            if let hint = gap.hint { out += "\(pad)hint: \(hint)\n" }
        }
        if !report.registryLoad.isEmpty {
            out += "\nRegistry load (estimated requests per hour at each provider's interval: tag list pages and one HEAD per kept tag):\n"
            var table = Table(headers: ["HOST", "REQUESTS/HOUR", "PROVIDERS"])
            for load in report.registryLoad { table.append([load.host, String(load.requestsPerHour), String(load.providers)]) }
            out += table.render(showHeaders: true).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        }
        if !report.findings.isEmpty || !report.notChecked.isEmpty || !report.registryLoad.isEmpty { out += "\n" }
        out += summary(report) + "\n"
        return out
    }

    /// `Checked 3 providers, 1 ResourceSet, 1 Receiver, 1 registry: 1 error, 2 warnings, 1 info.`
    func summary(_ report: DoctorReport) -> String {
        let c = report.checked
        let checked = [Self.count(c.providers, "provider"), Self.count(c.resourceSets, "ResourceSet"),
                       Self.count(c.receivers, "Receiver"), Self.count(c.registries, "registry", "registries")]
            .joined(separator: ", ")
        var verdict = report.findings.isEmpty ? "no problems found"
            : [Self.count(report.count(.error), "error"), Self.count(report.count(.warning), "warning"),
               "\(report.count(.info)) info"].joined(separator: ", ")
        let gaps = report.notChecked.count
        if gaps > 0 { verdict += "; \(Self.count(gaps, "check")) could not be made" }
        return "Checked \(checked): \(verdict)."
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
