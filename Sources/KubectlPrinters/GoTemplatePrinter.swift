import GoCompat
import JSONPath
import Template
import YAML

/// kubectl's `-o go-template=`, `-o go-template-file=` (and their aliases `template`,
/// `templatefile`) printer: Go's text/template with `{{ }}`, Go's builtins plus `exists` and
/// `base64decode` (no sprig in v1.32), `missingkey` from `--allow-missing-template-keys`.
///
/// The template sees the object as kubectl hands it over: marshalled to JSON and decoded again
/// by apimachinery, so integers are int64 (`{{printf "%T" .metadata.generation}}` is int64) and
/// floats float64. managedFields are not removed (kubectl only does that for -o json|yaml).
public struct GoTemplatePrinter: Sendable {
    public let template: String
    public var allowMissingKeys: Bool
    private let parsed: GoTemplate

    /// Parses the template: `error parsing template TEMPLATE, REASON` when it does not parse.
    public init(template: String, allowMissingKeys: Bool = true) throws(PrinterError) {
        self.template = template
        self.allowMissingKeys = allowMissingKeys
        do {
            parsed = try GoTemplate(template, name: "output", leftDelimiter: "{{", rightDelimiter: "}}", functions: .kubectl)
        } catch let error as TemplateError {
            throw PrinterError("error parsing template \(template), \(error.message)")
        } catch {
            throw PrinterError("error parsing template \(template), \(error)")
        }
    }

    /// Appends what kubectl writes for `object` to `out`. On an execution error that is the text
    /// before the failing action, then kubectl's "Error executing template: ..." block with the
    /// raw JSON and the decoded object (on stdout, as kubectl writes it), and the error thrown is
    /// `error executing template "T": REASON`.
    public func print(_ object: Value, into out: inout String) throws(PrinterError) {
        let data = KubectlList.roundTripped(object)
        let run = parsed.execute(data: data, missingKey: allowMissingKeys ? .invalid : .error)
        out += String(decoding: run.bytes, as: UTF8.self)
        guard let error = run.error else { return }
        out += "Error executing template: \(error.message). Printing more information for debugging the template:\n"
        out += "\ttemplate was:\n\t\t\(template)\n"
        // json.Marshal of the object: the same text as the decoded data's.
        out += "\traw data was:\n\t\t\(JSON.encodeCompact(data))\n"
        out += "\tobject given to template engine was:\n\t\t\(GoFormat.v(data))\n\n"
        throw PrinterError("error executing template \(GoQuote.quote(template)): \(error.message)")
    }
}
