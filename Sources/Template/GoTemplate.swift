// The public entry point: parse once, render per input, as Flux's ResourceSet builder does.

import YAML

/// A Go text/template, parsed with Flux Operator's settings: `<<`/`>>` delimiters,
/// `missingkey=error`, slim-sprig's hermetic functions plus `inputs`, `slugify`, `toYaml`.
public struct GoTemplate: Sendable {
    public let name: String
    private let text: String
    private let leftDelimiter: String
    private let rightDelimiter: String
    private let parsed: ParsedTemplate
    private let functions: FunctionSet

    /// Parses `text`; syntax errors and unknown functions throw `TemplateError` here, worded as
    /// Go words them (`template: NAME:LINE: function "now" not defined`).
    public init(_ text: String, name: String = "template", leftDelimiter: String = "<<",
                rightDelimiter: String = ">>", functions: FunctionSet = .flux) throws {
        self.name = name
        self.text = text
        self.leftDelimiter = leftDelimiter.isEmpty ? "{{" : leftDelimiter
        self.rightDelimiter = rightDelimiter.isEmpty ? "}}" : rightDelimiter
        self.functions = functions
        let (left, right) = (self.leftDelimiter, self.rightDelimiter)
        parsed = try DeepStack.run {
            try Parser.parse(text, name: name, left: left, right: right, functions: functions.names)
        }
    }

    /// The functions a template may call.
    public enum FunctionSet: Sendable, Equatable {
        /// Flux Operator's ResourceSet templates: Go's builtins, slim-sprig's hermetic functions
        /// (its `slice` replacing Go's), `inputs`, `slugify`, `toYaml`, `mustToYaml`.
        case flux
        /// `kubectl get -o go-template` (v1.32): Go's builtins and kubectl's `exists` and
        /// `base64decode`, nothing else.
        case kubectl
    }

    /// Go's `missingkey` option: what `.key` gives when a map has no such key.
    public enum MissingKey: Sendable, Equatable {
        /// `missingkey=default` (kubectl's --allow-missing-template-keys): no value, printed
        /// `<no value>`.
        case invalid
        /// `missingkey=zero`: the map element type's zero value.
        case zero
        /// `missingkey=error` (Flux): `map has no entry for key "x"`.
        case error
    }

    /// What an execution wrote, and the error that stopped it (Go's Execute writes as it goes,
    /// so the text before a failing action is already out).
    public struct Execution: Sendable {
        public var bytes: [UInt8]
        public var error: TemplateError?
    }

    /// Executes with `.` = `data`, as kubectl's printer does: `fromData` marks the data as
    /// apimachinery's JSON decoding leaves it (integers are int64, lists have the capacity
    /// append gave them).
    public func execute(data: Value, missingKey: MissingKey) -> Execution {
        let (text, name, left, right, definitions, functions) = (self.text, self.name, leftDelimiter, rightDelimiter,
                                                                  parsed.definitions, self.functions)
        let root = parsed.root
        let result = try? DeepStack.run { () -> Execution in
            var dot: RV = data.isNull ? .invalid : RV(data)
            dot.fromData = true
            var ex = Executor(text: text, parseName: name, leftDelim: left, rightDelim: right,
                              definitions: definitions, inputs: .null, now: .at(0), templateName: name)
            ex.functions = functions
            ex.missingKey = missingKey
            ex.vars = [("$", dot)]
            do {
                try ex.walk(dot, root)
                return Execution(bytes: GoBytes.bytes(ex.out), error: nil)
            } catch let error as TemplateError {
                return Execution(bytes: GoBytes.bytes(ex.out), error: error)
            } catch {
                return Execution(bytes: GoBytes.bytes(ex.out), error: TemplateError("template: \(name): \(error)"))
            }
        }
        return result ?? Execution(bytes: [], error: TemplateError("template: \(name): execution failed"))
    }

    /// Renders with `.` = `data` and the `inputs` function returning `inputs`.
    ///
    /// Flux executes its templates with nil data (`tmpl.Execute(w, nil)`), so pass `.null` as
    /// `data` to predict the controller: `.null` stands for Go's nil, and `<< .tag >>` then fails
    /// with `nil data; no entry for key "tag"` exactly as in the cluster. Templates reach the
    /// input through `<< inputs.tag >>`.
    ///
    /// Bytes that are not UTF-8 (`substr 0 1 "Ü"`) come out as U+FFFD; `renderBytes` keeps them.
    ///
    /// `now` (seconds since the epoch) is the time the template sees: `ago` and `durationRound`
    /// of a time measure from it, as Go's functions measure from time.Now.
    public func render(data: Value, inputs: Value, now: Double) throws -> String {
        String(decoding: try renderBytes(data: data, inputs: inputs, now: now), as: UTF8.self)
    }

    /// Renders as the Flux controller does: nil data, `inputs` returning the input map.
    public func render(inputs: Value, now: Double) throws -> String {
        try render(data: .null, inputs: inputs, now: now)
    }

    /// The rendered text as the bytes Go writes, which need not be UTF-8: byte-slicing
    /// functions can cut a character in two, and the controller's YAML reader then refuses
    /// the text (`invalid leading UTF-8 octet`) unless the halves meet again.
    public func renderBytes(data: Value = .null, inputs: Value, now: Double) throws -> [UInt8] {
        let dot: RV = data.isNull ? .invalid : RV(data)
        return try DeepStack.run {
            var ex = Executor(text: text, parseName: name, leftDelim: leftDelimiter, rightDelim: rightDelimiter,
                              definitions: parsed.definitions, inputs: inputs, now: .at(now), templateName: name)
            ex.vars = [("$", dot)]
            try ex.walk(dot, parsed.root)
            return GoBytes.bytes(ex.out)
        }
    }
}
