import Failure
import KubectlPrinters
import YAML

/// How a report is written: text for people, or the documented structure for scripts, whole
/// (`-o json|yaml`) or queried with a JSONPath template (`-o jsonpath=...`).
enum ReportEncoding: Sendable, Equatable {
    case text, json, yaml
    case jsonpath(JSONPathPrinter)

    static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.text, .text), (.json, .json), (.yaml, .yaml): return true
        case (.jsonpath(let x), .jsonpath(let y)): return x.template == y.template && x.options == y.options
        default: return false
        }
    }

    /// Writes a report's structure (`machine`) as this encoding says; `.text` has no structure
    /// to write and writes it as JSON. A template that fails on the data is the command's error,
    /// in kubectl's words (`error executing jsonpath "{.x}": ... array index out of bounds ...`).
    func write(_ machine: Value, to output: TextOutput) throws {
        switch self {
        case .text, .json: output.write(JSON.encodePretty(machine))
        case .yaml: output.write(YAML.emit(machine, sortKeys: false))
        case .jsonpath(let printer):
            do {
                output.write(try printer.print(machine))
            } catch {
                throw UserError(error.message.trimmingTrailingNewlines)
            }
        }
    }
}

/// A command's report, for people and for scripts: `human` is the text, `machine` the
/// structure `-o json|yaml|jsonpath=` print (the field names scripts rely on).
protocol ReportPrinter {
    associatedtype Report
    func human(_ report: Report) -> String
    func machine(_ report: Report) -> Value
}

extension ReportPrinter {
    /// Writes `report` the way `encoding` says: the one place reports meet `-o`.
    func emit(_ report: Report, as encoding: ReportEncoding, to output: TextOutput) throws {
        if encoding == .text {
            output.write(human(report))
        } else {
            try encoding.write(machine(report), to: output)
        }
    }
}
