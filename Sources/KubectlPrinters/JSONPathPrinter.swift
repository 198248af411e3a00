import GoCompat
import JSONPath
import YAML

/// kubectl's `-o jsonpath=`, `-o jsonpath-file=` and `-o jsonpath-as-json=` printer
/// (cli-runtime's JSONPathPrinter with the flags' wrapping of errors).
public struct JSONPathPrinter: Sendable {
    public let template: String
    public let path: JSONPath
    public var options: JSONPath.Options
    /// The range bookkeeping client-go keeps between objects when one printer prints several
    /// (`get -w`); see `printNext`.
    public var state = JSONPath.State()

    /// Parses the template: `error parsing jsonpath TEMPLATE, REASON` when it does not parse.
    public init(template: String, allowMissingKeys: Bool = true, outputJSON: Bool = false) throws(PrinterError) {
        self.template = template
        do {
            path = try JSONPath(template)
        } catch {
            throw PrinterError("error parsing jsonpath \(template), \(error.message)")
        }
        options = JSONPath.Options(allowMissingKeys: allowMissingKeys, outputJSON: outputJSON)
    }

    /// The text for one object (kubectl prints no newline of its own), or kubectl's
    /// `error executing jsonpath "T": Error executing template: REASON. Printing more
    /// information...` with the object dumped as Go's `%#v` (nothing is printed then).
    public func print(_ object: Value) throws(PrinterError) -> String {
        var fresh = JSONPath.State()
        return try print(object, state: &fresh)
    }

    /// The same for the next object of a watch: client-go does not reset the printer between
    /// objects, so after a top-level `{range}` later objects only see the nodes after it.
    public mutating func printNext(_ object: Value) throws(PrinterError) -> String {
        try print(object, state: &state)
    }

    private func print(_ object: Value, state: inout JSONPath.State) throws(PrinterError) -> String {
        do {
            return try path.execute(object, options: options, state: &state)
        } catch {
            throw PrinterError(Self.executionMessage(template: template, reason: error.message, object: object))
        }
    }

    static func executionMessage(template: String, reason: String, object: Value) -> String {
        var text = "error executing jsonpath \(GoQuote.quote(template)): "
        text += "Error executing template: \(reason). Printing more information for debugging the template:\n"
        text += "\ttemplate was:\n\t\t\(template)\n"
        text += "\tobject given to jsonpath engine was:\n\t\t\(GoFormat.sharpV(object))\n\n"
        return text + "\n"
    }
}
