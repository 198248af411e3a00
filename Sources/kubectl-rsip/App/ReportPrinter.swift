import YAML

/// How a report is written: text for people, or the documented structure for scripts.
enum ReportEncoding: Sendable {
    case text, json, yaml
}

/// A command's report, for people and for scripts: `human` is the text, `machine` the
/// structure `-o json|yaml` print (the field names scripts rely on).
protocol ReportPrinter {
    associatedtype Report
    func human(_ report: Report) -> String
    func machine(_ report: Report) -> Value
}

extension ReportPrinter {
    /// Writes `report` the way `encoding` says: the one place reports meet `-o`.
    func emit(_ report: Report, as encoding: ReportEncoding, to output: TextOutput) {
        switch encoding {
        case .text: output.write(human(report))
        case .json: output.write(JSON.encodePretty(machine(report)))
        case .yaml: output.write(YAML.emit(machine(report), sortKeys: false))
        }
    }
}
