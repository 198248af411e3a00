import KubectlPrinters
import Provider
import YAML

/// What `get` found on one context of a fleet: the providers (sorted as asked) and, for named
/// providers printed as text, their summaries (which need that context's cluster).
struct GetFound {
    var providers: [InputProvider]
    var text: String?
}

/// `get` on several contexts: the table with CONTEXT first, `-o name` lines after the context,
/// `-o json|yaml` (and `-o jsonpath=`, `go-template=`) over the `contexts` wrapper whose
/// results are what one context prints, `-o custom-columns=` with CONTEXT first.
struct GetFleetOutput {
    var printer: GetPrinter
    var names: [String]
    var inputsOnly: Bool
    var allNamespaces: Bool
    var noHeaders: Bool

    /// Our own formats.
    func own(_ outcomes: [FleetOutcome<GetFound>], style: Style) -> String {
        switch printer.format {
        case .table, .wide:
            if names.isEmpty {
                return FleetOutput.table(headers: printer.headers(allNamespaces: allNamespaces, event: false), outcomes,
                                         noHeaders: noHeaders) { found in found.providers.map { printer.row($0, allNamespaces: allNamespaces) } }
            }
            return FleetOutput.blocks(outcomes, style: style) { $0.text ?? "" }
        case .name:
            // `prod-eu/rsip/NAME`: the context, then a name kubectl takes with --context.
            return FleetOutput.names(outcomes) { found in found.providers.map { "rsip/\($0.name)" } }
        case .json:
            return JSON.encodePretty(FleetOutput.wrapper(outcomes, document))
        case .yaml:
            // Each result as one context's -o yaml orders it; the wrapper's keys as written.
            return YAML.emit(FleetOutput.wrapper(outcomes) { document($0).keysSortedAsYAML }, sortKeys: false)
        }
    }

    /// What one context prints for `-o json`: the provider named, a List, or its inputs.
    func document(_ found: GetFound) -> Value {
        if inputsOnly { return .array(found.providers.first?.exportedInputs ?? []) }
        return printer.document(found.providers, single: names.count == 1)
    }

    /// kubectl's printers: custom columns print every context's rows in one table after a
    /// CONTEXT column; the template printers read the wrapper, each result the object kubectl
    /// would print for that context alone (sorted by `sortBy` already).
    func kubectl(_ outcomes: [FleetOutcome<GetFound>], format: OutputFormat, allowMissingKeys: Bool,
                 readFile: (String) -> Result<String, FileReadFailure>) throws(PrinterError) -> String {
        var generic = try GenericPrinter.make(format, allowMissingKeys: allowMissingKeys, noHeaders: noHeaders, readFile: readFile)
        let printed: (GetFound) throws(PrinterError) -> Value = { found in
            try KubectlGet.printedObject(items: found.providers.map(\.object), singleItemImplied: names.count == 1, sortBy: "")
        }
        if case .customColumns(let columns) = generic {
            var writer = TabWriter()
            if !columns.noHeaders { writer.write((["CONTEXT"] + columns.columns.map(\.header)).joined(separator: "\t") + "\n") }
            for outcome in outcomes {
                guard let found = outcome.value else { continue }
                try columns.rows(try printed(found)) { cells in
                    writer.write(([outcome.member.context] + cells).joined(separator: "\t") + "\n")
                }
            }
            writer.flush()
            return writer.takeOutput()
        }
        var results: [FleetOutcome<Value>] = []
        for outcome in outcomes { results.append(try outcome.map(printed)) }
        var out = ""
        try generic.print(FleetOutput.wrapper(results) { $0 }, into: &out)
        return out
    }
}
