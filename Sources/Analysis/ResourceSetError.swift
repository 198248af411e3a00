import Failure

/// Why the controller would stall a ResourceSet (`BuildFailed`): nothing is applied and nothing
/// is pruned. Every case names the ResourceSet (`namespace/name`) and the field at fault, so the
/// message alone tells a user where to look.
public enum ResourceSetError: UserFacingError, Equatable, CustomStringConvertible {
    /// `spec.inputsFrom[i].name` points at a ResourceSetInputProvider that does not exist.
    case missingProvider(resourceSet: String, field: String, name: String)
    /// A field has a shape or value the controller rejects (unknown strategy, bad selector, ...).
    case invalidField(resourceSet: String, field: String, message: String)
    /// Permute would produce more than 10000 permutations, or a provider name normalises to "".
    case permutation(resourceSet: String, field: String, message: String)
    /// A template failed to parse or execute (`missingkey=error` included). `input` is the label
    /// of the input being rendered, nil when rendering without inputs.
    case template(resourceSet: String, field: String, input: String?, message: String)
    /// The rendered text is not valid YAML, or a document is not an object.
    case renderedYAML(resourceSet: String, field: String, input: String?, message: String)
    /// Two `spec.steps` render the same object (the controller refuses this).
    case duplicateAcrossSteps(resourceSet: String, object: String, step: String, previousStep: String)

    /// The controller's condition reason for every case: the ResourceSet stalls.
    public var reason: String { "BuildFailed" }

    public var resourceSet: String {
        switch self {
        case .missingProvider(let r, _, _), .invalidField(let r, _, _), .permutation(let r, _, _),
             .template(let r, _, _, _), .renderedYAML(let r, _, _, _), .duplicateAcrossSteps(let r, _, _, _):
            return r
        }
    }

    public var message: String { description }
    public var hint: String? {
        "the controller stalls this ResourceSet (BuildFailed): it applies and prunes nothing until this is fixed"
    }

    public var description: String {
        func forInput(_ input: String?) -> String { input.map { " for input \($0)" } ?? "" }
        switch self {
        case .missingProvider(let r, let f, let n):
            return "ResourceSet \(r): \(f): ResourceSetInputProvider \(n) not found in namespace "
                + "\(r.split(separator: "/").first.map(String.init) ?? ""); the controller stalls (BuildFailed) "
                + "and neither applies nor prunes anything until it exists"
        case .invalidField(let r, let f, let m):
            return "ResourceSet \(r): \(f): \(m)"
        case .permutation(let r, let f, let m):
            return "ResourceSet \(r): \(f): \(m)"
        case .template(let r, let f, let i, let m):
            return "ResourceSet \(r): \(f)\(forInput(i)): \(m)"
        case .renderedYAML(let r, let f, let i, let m):
            return "ResourceSet \(r): \(f)\(forInput(i)): rendered text is not a Kubernetes object: \(m)"
        case .duplicateAcrossSteps(let r, let o, let s, let p):
            return "ResourceSet \(r): spec.steps: duplicate resource \(o) in step \"\(s)\", already defined in step \"\(p)\""
        }
    }
}
