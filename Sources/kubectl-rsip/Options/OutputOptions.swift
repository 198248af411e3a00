import ArgumentParser
import Failure

/// The `-o` values one command prints; `""` is its default (table or text). Completion offers
/// exactly these.
protocol OutputFormatSet: RawRepresentable, CaseIterable, Sendable, Equatable where RawValue == String {
    /// What completion shows beside each format.
    var summary: String { get }
}

extension OutputFormatSet {
    /// The named formats, sorted as kubectl lists them.
    static var named: [Self] { allCases.filter { !$0.rawValue.isEmpty }.sorted { $0.rawValue < $1.rawValue } }
    static var listed: String { named.map(\.rawValue).joined(separator: ", ") }
    static var choices: [(value: String, description: String)] { named.map { ($0.rawValue, $0.summary) } }
}

/// `-o/--output`, checked against the command's own formats with kubectl's message.
struct OutputOptions<Format: OutputFormatSet>: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp("Output format: \(Format.listed).", valueName: "format"))
    var output: String?

    func format() throws(UserError) -> Format {
        let raw = output ?? ""
        guard let format = Format(rawValue: raw) else {
            throw UserError("unable to match a printer suitable for the output format \"\(raw)\", allowed formats are: \(Format.listed)")
        }
        return format
    }
}

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
}

/// Reports for people, or structured for scripts.
enum ReportFormat: String, OutputFormatSet {
    case text = "", yaml, json
    var summary: String { self == .yaml ? "YAML" : self == .json ? "JSON" : "text" }
    var encoding: ReportEncoding { self == .yaml ? .yaml : self == .json ? .json : .text }
}

enum DiffFormat: String, OutputFormatSet {
    case text = "", wide, yaml, json
    var summary: String { self == .wide ? "full digests" : self == .yaml ? "YAML" : self == .json ? "JSON" : "text" }
    var encoding: ReportEncoding { self == .yaml ? .yaml : self == .json ? .json : .text }
}
