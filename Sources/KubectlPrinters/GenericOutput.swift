import YAML

/// The `-o` values this target prints, as kubectl get's PrintFlags pick them.
public enum OutputFormat: Sendable, Equatable {
    case jsonpath(String)
    case jsonpathFile(path: String)
    case jsonpathAsJSON(String)
    case customColumns(String)
    case customColumnsFile(path: String)

    /// `-o VALUE` (with `--template=T` when given) as kubectl get reads it: nil when VALUE names
    /// another printer (json, yaml, name, wide, go-template...) or none kubectl knows, so the
    /// caller goes on with its own formats. Throws kubectl's error for a format without its
    /// template (`-o jsonpath`, `-o custom-columns=`).
    public static func parse(_ output: String, template: String = "") throws(PrinterError) -> OutputFormat? {
        // With --template and no -o, kubectl means go-template.
        if output.isEmpty { return nil }
        var format = output, value = template
        if template.isEmpty {
            for name in ["jsonpath", "jsonpath-file", "jsonpath-as-json", "custom-columns", "custom-columns-file"]
            where output.hasPrefix(name + "=") {
                format = name
                value = String(output.dropFirst(name.count + 1))
                break
            }
        }
        switch format {
        case "jsonpath", "jsonpath-file", "jsonpath-as-json":
            guard !value.isEmpty else { throw PrinterError("template format specified but no template given") }
            if format == "jsonpath" { return .jsonpath(value) }
            if format == "jsonpath-file" { return .jsonpathFile(path: value) }
            return .jsonpathAsJSON(value)
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
        }
    }
}

/// What `kubectl get` prints through a generic printer, and the error it then reports.
public struct GenericOutput: Sendable, Equatable {
    public var stdout: String
    public var error: PrinterError?
    public init(stdout: String, error: PrinterError?) {
        self.stdout = stdout
        self.error = error
    }
}

public enum KubectlGet {
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
            return GenericOutput(stdout: "", error: error)
        }
        var object = KubectlList.printedObject(items: items, singleItemImplied: singleItemImplied)
        if !sortBy.isEmpty, KubectlList.isList(object) {
            let listed = KubectlList.items(of: object)
            do {
                let sorted = try SortBy.sort(listed, by: sortBy)
                object["items"] = .array(sorted)
            } catch {
                return GenericOutput(stdout: "", error: error)
            }
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
