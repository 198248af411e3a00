import ArgumentParser
import Failure
import KubectlPrinters

/// The `-o` values one command prints; `""` is its default (table or text). Completion offers
/// exactly these, and the templated formats the command takes (`jsonpath=`...).
protocol OutputFormatSet: RawRepresentable, CaseIterable, Sendable, Equatable where RawValue == String {
    /// What completion shows beside each format.
    var summary: String { get }
    /// The `FORMAT=` values the command takes besides its named formats, with their summaries.
    static var templated: [(value: String, description: String)] { get }
}

extension OutputFormatSet {
    static var templated: [(value: String, description: String)] { [] }
    /// The named formats, sorted as kubectl lists them.
    static var named: [Self] { allCases.filter { !$0.rawValue.isEmpty }.sorted { $0.rawValue < $1.rawValue } }
    /// As kubectl lists formats: `jsonpath`, not `jsonpath=`.
    static var listed: String {
        (named.map(\.rawValue) + templated.map { String($0.value.dropLast($0.value.hasSuffix("=") ? 1 : 0)) })
            .joined(separator: ", ")
    }
    static var choices: [(value: String, description: String)] { named.map { ($0.rawValue, $0.summary) } + templated }
}

/// `-o/--output`, checked against the command's own formats with kubectl's message.
struct OutputOptions<Format: OutputFormatSet>: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Output format: \(Format.listed).", valueName: "format"))
    var output: String?

    func format() throws(UserError) -> Format {
        let raw = output ?? ""
        if let format = Format(rawValue: raw) { return format }
        // A JSONPath template reads the JSON form of a report: the command prints that. The
        // template is checked now, before any work (a file's, when emit reads it).
        if let json = Format(rawValue: "json"), Format.self is any JSONPathReport.Type, ReportTemplate.isTemplate(raw) {
            try ReportTemplate.check(raw)
            return json
        }
        throw UserError("unable to match a printer suitable for the output format \"\(raw)\", allowed formats are: \(Format.listed)")
    }
}

// MARK: - get

/// The formats GetPrinter prints itself; the templated ones are kubectl's printers (`GetOutput`).
enum GetFormat: String, OutputFormatSet {
    case table = "", wide, yaml, json, name
    var summary: String {
        switch self {
        case .table: return "table"
        case .wide: return "table with more columns"
        case .yaml: return "YAML, as kubectl get -o yaml"
        case .json: return "JSON, as kubectl get -o json"
        case .name: return "resource/name only"
        }
    }

    static let templated: [(value: String, description: String)] = [
        ("jsonpath=", "a JSONPath template, as kubectl"),
        ("jsonpath-as-json=", "a JSONPath template, results as JSON"),
        ("jsonpath-file=", "a JSONPath template in a file"),
        ("custom-columns=", "columns HEADER:JSONPATH,..."),
        ("custom-columns-file=", "columns from a file"),
        ("go-template=", "a Go template, as kubectl"),
        ("go-template-file=", "a Go template in a file"),
        ("template=", "a Go template (go-template)"),
        ("templatefile=", "a Go template in a file (go-template-file)"),
    ]
}

/// What `get -o` (with `--template`) asks for, chosen as kubectl get's PrintFlags choose: a
/// template format first (`--template` alone means go-template), then json and yaml in any case,
/// the table (`""`, `wide`), custom columns, `name` in any case; anything else is kubectl's
/// "unable to match a printer" error listing every format.
enum GetOutput: Sendable, Equatable {
    /// Printed by GetPrinter (the plugin's own table and summaries; yaml, json and name as kubectl).
    case own(GetFormat)
    /// Printed by kubectl's printers (KubectlPrinters).
    case kubectl(OutputFormat)

    static func parse(output: String, template: String) throws(PrinterError) -> GetOutput {
        let output = output.isEmpty && !template.isEmpty ? "go-template" : output
        if let format = try OutputFormat.parse(output, template: template) { return .kubectl(format) }
        switch output.lowercased() {
        case "json": return .own(.json)
        case "yaml": return .own(.yaml)
        case "name": return .own(.name)
        default: break
        }
        if output.isEmpty { return .own(.table) }
        if output == "wide" { return .own(.wide) }
        throw OutputFormat.unknown(output)
    }
}

// MARK: - reports

/// Reports for people, or structured for scripts.
enum ReportFormat: String, OutputFormatSet, JSONPathReport {
    case text = "", yaml, json
    var summary: String { self == .yaml ? "YAML" : self == .json ? "JSON" : "text" }
    var encoding: ReportEncoding { self == .yaml ? .yaml : self == .json ? .json : .text }
}

enum DiffFormat: String, OutputFormatSet, JSONPathReport {
    case text = "", wide, yaml, json
    var summary: String { self == .wide ? "full digests" : self == .yaml ? "YAML" : self == .json ? "JSON" : "text" }
    var encoding: ReportEncoding { self == .yaml ? .yaml : self == .json ? .json : .text }
}

extension RenderFormat: JSONPathReport {
    var encoding: ReportEncoding { self == .json ? .json : self == .yaml ? .yaml : .text }
}

/// `version -o`: text, yaml or json only, as `kubectl version`.
enum VersionFormat: String, OutputFormatSet {
    case text = "", yaml, json
    var summary: String { self == .yaml ? "YAML" : self == .json ? "JSON" : "text" }
}

/// A report whose JSON form scripts may query with `-o jsonpath=TEMPLATE` (also
/// `jsonpath-as-json=` and `jsonpath-file=`), as they query `kubectl get -o jsonpath`.
protocol JSONPathReport: OutputFormatSet {
    var encoding: ReportEncoding { get }
}

extension JSONPathReport {
    static var templated: [(value: String, description: String)] {
        [("jsonpath=", "a JSONPath template over the JSON report"),
         ("jsonpath-as-json=", "a JSONPath template, results as JSON"),
         ("jsonpath-file=", "a JSONPath template in a file")]
    }
}

enum ReportTemplate {
    /// `jsonpath=...`, `jsonpath-as-json=...`, `jsonpath-file=...` and their bare names (which
    /// then fail with kubectl's "no template given").
    static func isTemplate(_ output: String) -> Bool {
        ["jsonpath", "jsonpath-as-json", "jsonpath-file"].contains { output == $0 || output.hasPrefix($0 + "=") }
    }

    /// kubectl's parse errors for an inline template (`template format specified but no
    /// template given`, `error parsing jsonpath {.x, unclosed action`).
    static func check(_ output: String) throws(UserError) {
        do {
            switch try OutputFormat.parse(output) {
            case .jsonpath(let template)?: _ = try JSONPathPrinter(template: template)
            case .jsonpathAsJSON(let template)?: _ = try JSONPathPrinter(template: template, outputJSON: true)
            default: break
            }
        } catch {
            throw UserError(error.message.trimmingTrailingNewlines)
        }
    }
}

extension OutputOptions where Format: JSONPathReport {
    /// How `emit` writes the report: the format's own encoding, or the JSONPath printer a
    /// `-o jsonpath=` template asks for (kubectl's wording when it does not parse:
    /// `error parsing jsonpath TEMPLATE, REASON`).
    func encoding(_ context: CommandContext) throws -> ReportEncoding {
        let raw = output ?? ""
        guard ReportTemplate.isTemplate(raw) else { return try format().encoding }
        do {
            guard let spec = try OutputFormat.parse(raw) else { throw OutputFormat.unknown(raw) }
            guard case .jsonpath(let printer) = try GenericPrinter.make(spec, readFile: { TemplateFile.read($0, context: context) })
            else { throw OutputFormat.unknown(raw) }
            return .jsonpath(printer)
        } catch let error as PrinterError {
            throw UserError(error.message.trimmingTrailingNewlines)
        }
    }
}

extension String {
    /// Go error texts may end in newlines that CheckErr would not double; ours add one.
    var trimmingTrailingNewlines: String {
        var s = Substring(self)
        while s.last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
