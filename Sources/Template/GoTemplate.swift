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

    /// Parses `text`; syntax errors and unknown functions throw `TemplateError` here, worded as
    /// Go words them (`template: NAME:LINE: function "now" not defined`).
    public init(_ text: String, name: String = "template", leftDelimiter: String = "<<",
                rightDelimiter: String = ">>") throws {
        self.name = name
        self.text = text
        self.leftDelimiter = leftDelimiter.isEmpty ? "{{" : leftDelimiter
        self.rightDelimiter = rightDelimiter.isEmpty ? "}}" : rightDelimiter
        let (left, right) = (self.leftDelimiter, self.rightDelimiter)
        parsed = try DeepStack.run {
            try Parser.parse(text, name: name, left: left, right: right, functions: Functions.names)
        }
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
