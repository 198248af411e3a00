import GoCompat
import YAML

/// The `-o` values this target prints, as kubectl get's PrintFlags pick them.
public enum OutputFormat: Sendable, Equatable {
    case jsonpath(String)
    case jsonpathFile(path: String)
    case jsonpathAsJSON(String)
    case customColumns(String)
    case customColumnsFile(path: String)
    /// `-o go-template=` and its alias `-o template=`.
    case goTemplate(String)
    /// `-o go-template-file=` and its alias `-o templatefile=`.
    case goTemplateFile(path: String)

    /// The formats that take a template, as kubectl matches `FORMAT=VALUE`.
    static let templateFormats = ["template", "go-template", "go-template-file", "templatefile",
                                  "jsonpath", "jsonpath-as-json", "jsonpath-file"]
    static let columnsFormats = ["custom-columns", "custom-columns-file"]

    /// `-o jsonpath=`, `jsonpath-file=`, `jsonpath-as-json=`.
    public var isJSONPath: Bool {
        switch self {
        case .jsonpath, .jsonpathFile, .jsonpathAsJSON: return true
        default: return false
        }
    }

    /// Every format `kubectl get -o` accepts, as its error lists them.
    public static let getFormats = ["custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
                                    "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile",
                                    "wide", "yaml"]

    /// kubectl's error for a format no printer takes.
    public static func unknown(_ output: String, allowed: [String] = getFormats) -> PrinterError {
        PrinterError("unable to match a printer suitable for the output format \(GoQuote.quote(output)), allowed formats are: "
                     + allowed.joined(separator: ","))
    }

    /// `-o VALUE` (with `--template=T` when given) as kubectl get reads it: nil when VALUE names
    /// another printer (json, yaml, name, wide...) or none kubectl knows, so the caller goes on
    /// with its own formats. Throws kubectl's error for a format without its template
    /// (`-o jsonpath`, `-o custom-columns=`). `--template` without `-o` means go-template: the
    /// caller passes `go-template` then.
    public static func parse(_ output: String, template: String = "") throws(PrinterError) -> OutputFormat? {
        if output.isEmpty { return nil }
        var format = output, value = template
        if template.isEmpty {
            for name in templateFormats + columnsFormats where output.hasPrefix(name + "=") {
                format = name
                value = String(output.dropFirst(name.count + 1))
                break
            }
        }
        switch format {
        case "jsonpath", "jsonpath-file", "jsonpath-as-json", "go-template", "template", "go-template-file", "templatefile":
            guard !value.isEmpty else { throw PrinterError("template format specified but no template given") }
            switch format {
            case "jsonpath": return .jsonpath(value)
            case "jsonpath-file": return .jsonpathFile(path: value)
            case "jsonpath-as-json": return .jsonpathAsJSON(value)
            case "go-template", "template": return .goTemplate(value)
            default: return .goTemplateFile(path: value)
            }
        case "custom-columns", "custom-columns-file":
            guard !value.isEmpty else { throw PrinterError("custom-columns format specified but no custom columns given") }
            return format == "custom-columns" ? .customColumns(value) : .customColumnsFile(path: value)
        default:
            return nil
        }
    }
}

/// A file that could not be read, with Go's wording (`open /x: no such file or directory`).
public struct FileReadFailure: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// One of kubectl's generic printers, built from its format as kubectl's ToPrinter builds it.
public enum GenericPrinter: Sendable {
    case jsonpath(JSONPathPrinter)
    case customColumns(CustomColumnsPrinter)
    case goTemplate(GoTemplatePrinter)

    /// `readFile` supplies the text of `-o jsonpath-file=` / `custom-columns-file=` (the only
    /// I/O, left to the caller).
    public static func make(_ format: OutputFormat, allowMissingKeys: Bool = true, noHeaders: Bool = false,
                            readFile: (String) -> Swift.Result<String, FileReadFailure>) throws(PrinterError) -> GenericPrinter {
        switch format {
        case .jsonpath(let template):
            return .jsonpath(try JSONPathPrinter(template: template, allowMissingKeys: allowMissingKeys))
        case .jsonpathAsJSON(let template):
            return .jsonpath(try JSONPathPrinter(template: template, allowMissingKeys: allowMissingKeys, outputJSON: true))
        case .jsonpathFile(let path):
            switch readFile(path) {
            case .failure(let failure): throw PrinterError("error reading --template \(path), \(failure.message)")
            case .success(let text): return .jsonpath(try JSONPathPrinter(template: text, allowMissingKeys: allowMissingKeys))
            }
        case .customColumns(let spec):
            return .customColumns(try CustomColumnsPrinter(spec: spec, noHeaders: noHeaders))
        case .customColumnsFile(let path):
            switch readFile(path) {
            case .failure(let failure): throw PrinterError("error reading template \(path), \(failure.message)\n")
            case .success(let text): return .customColumns(try CustomColumnsPrinter(template: text))
            }
        case .goTemplate(let template):
            return .goTemplate(try GoTemplatePrinter(template: template, allowMissingKeys: allowMissingKeys))
        case .goTemplateFile(let path):
            switch readFile(path) {
            case .failure(let failure): throw PrinterError("error reading --template \(path), \(failure.message)")
            case .success(let text): return .goTemplate(try GoTemplatePrinter(template: text, allowMissingKeys: allowMissingKeys))
            }
        }
    }

    /// Prints one object (the List of `get`, or the named object). On error `out` holds what
    /// kubectl had written before failing.
    public mutating func print(_ object: Value, into out: inout String) throws(PrinterError) {
        switch self {
        case .jsonpath(let printer):
            out += try printer.print(object)
        case .customColumns(var printer):
            defer { self = .customColumns(printer) }
            try printer.print(object, into: &out)
        case .goTemplate(let printer):
            try printer.print(object, into: &out)
        }
    }
}

extension GenericPrinter {
    /// Prints the next object of a watch into the tab writer kubectl keeps for it (custom columns
    /// write their header once; JSONPath keeps its range bookkeeping from object to object). On
    /// error the writer holds what kubectl had written.
    public mutating func printNext(_ object: Value, to writer: inout TabWriter) throws(PrinterError) {
        switch self {
        case .jsonpath(var printer):
            defer { self = .jsonpath(printer) }
            writer.write(try printer.printNext(object))
        case .customColumns(var printer):
            defer { self = .customColumns(printer) }
            try printer.write(object, to: &writer)
        case .goTemplate(let printer):
            var out = ""
            defer { writer.write(out) }
            try printer.print(object, into: &out)
        }
    }
}

/// What `kubectl get` prints through a generic printer, and the error it then reports.
public struct GenericOutput: Sendable, Equatable {
    public var stdout: String
    public var error: PrinterError?
    /// The printer could not be built (a template that does not parse, a file that cannot be
    /// read): kubectl reports that error alone, dropping the NotFound errors of missing NAMEs.
    public var printerFailed: Bool
    public init(stdout: String, error: PrinterError?, printerFailed: Bool = false) {
        self.stdout = stdout
        self.error = error
        self.printerFailed = printerFailed
    }
}

public enum KubectlGet {
    /// What kubectl's generic printers read: the List of `items` (its items sorted by `sortBy`),
    /// or the one object named.
    public static func printedObject(items: [Value], singleItemImplied: Bool, sortBy: String) throws(PrinterError) -> Value {
        var object = KubectlList.printedObject(items: items, singleItemImplied: singleItemImplied)
        if !sortBy.isEmpty, KubectlList.isList(object) {
            object["items"] = .array(try SortBy.sort(KubectlList.items(of: object), by: sortBy))
        }
        return object
    }

    /// kubectl get's printGeneric for these printers: build the printer (its errors come first),
    /// wrap the items in a List unless one object was named, sort the List's items by `sortBy`
    /// (kubectl's SortingPrinter), then print.
    public static func printGeneric(items: [Value], singleItemImplied: Bool, format: OutputFormat,
                                    sortBy: String = "", allowMissingKeys: Bool = true, noHeaders: Bool = false,
                                    readFile: (String) -> Swift.Result<String, FileReadFailure>) -> GenericOutput {
        var printer: GenericPrinter
        do {
            printer = try GenericPrinter.make(format, allowMissingKeys: allowMissingKeys, noHeaders: noHeaders, readFile: readFile)
        } catch {
            return GenericOutput(stdout: "", error: error, printerFailed: true)
        }
        let object: Value
        do {
            object = try printedObject(items: items, singleItemImplied: singleItemImplied, sortBy: sortBy)
        } catch {
            return GenericOutput(stdout: "", error: error)
        }
        var out = ""
        do {
            try printer.print(object, into: &out)
            return GenericOutput(stdout: out, error: nil)
        } catch {
            return GenericOutput(stdout: out, error: error)
        }
    }
}
