import Failure
import YAML

/// How a render outside the controller gets its inputs besides the providers it is given: the
/// `--inputs-from FILE` list and what to do with providers that were not given.
public struct ResourceSetInputOptions: Sendable, Equatable {
    /// A provider `spec.inputsFrom` names that is not among the providers.
    public enum MissingProviders: Sendable, Equatable {
        /// The controller's rule: the ResourceSet stalls (BuildFailed).
        case stall
        /// `flux-operator build rset`'s rule: it is left out, the other inputs still render.
        case omit
    }

    /// Replaces `spec.inputs` when set: `flux-operator build rset -i FILE` unmarshals the file's
    /// list over `spec.inputs`, so the list's inputs come from the ResourceSet itself
    /// (`inputs.provider` names it) and its own inline inputs are not used.
    public var inlineInputs: [Value]?
    /// Replaces the exported inputs of providers by name (to simulate a filter edit).
    public var overrides: [String: [Value]]
    public var missingProviders: MissingProviders

    public init(inlineInputs: [Value]? = nil, overrides: [String: [Value]] = [:], missingProviders: MissingProviders = .stall) {
        self.inlineInputs = inlineInputs
        self.overrides = overrides
        self.missingProviders = missingProviders
    }

    /// The inputs of an `--inputs-from` file, read as `flux-operator build rset -i` reads it: the
    /// first YAML document, a list of maps (an empty file or `null` is no inputs, a `null` item an
    /// empty input). `file` names it in errors.
    public static func inputList(yaml text: String, file: String) throws(UserError) -> [Value] {
        let documents: [Value]
        do {
            documents = try YAML.parseStream(text)
        } catch {
            throw UserError("\(file): \(error.message)", hint: inputsHint)
        }
        let first = documents.first ?? .null
        if first.isNull { return [] }
        guard case .array(let items) = first else {
            throw UserError("\(file): expected a list of inputs, got \(first.kindDescription)", hint: inputsHint)
        }
        for (i, item) in items.enumerated() {
            if item.isNull { continue }
            guard case .object = item else {
                throw UserError("\(file): item \(i + 1) is \(item.kindDescription), not a map of input values", hint: inputsHint)
            }
        }
        return items.map { $0.isNull ? .object(Value.Object()) : $0 }
    }

    static let inputsHint = "an inputs file is a YAML list of maps, as flux-operator build rset -i takes it: [{tenant: team1, tag: v1.0.0}]"
}
