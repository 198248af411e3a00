import YAML

/// A Kubernetes `metav1.LabelSelector` (`matchLabels` AND `matchExpressions`), as `inputsFrom`
/// uses it to pick ResourceSetInputProviders by label.
public struct ResourceSetLabelSelector: Sendable, Equatable {
    public enum Operator: String, Sendable { case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist" }

    public struct Requirement: Sendable, Equatable {
        public var key: String
        public var op: Operator
        public var values: [String]
    }

    public var matchLabels: [(key: String, value: String)]
    public var requirements: [Requirement]

    public static func == (a: Self, b: Self) -> Bool {
        a.requirements == b.requirements && a.matchLabels.map(\.key) == b.matchLabels.map(\.key)
            && a.matchLabels.map(\.value) == b.matchLabels.map(\.value)
    }

    /// Parses a selector; `field` names it in errors (`spec.inputsFrom[1].selector`). The rules
    /// are apimachinery's: In/NotIn need values, Exists/DoesNotExist take none.
    public init(_ value: Value, resourceSet: String, field: String) throws {
        func bad(_ message: String) -> ResourceSetError {
            .invalidField(resourceSet: resourceSet, field: field, message: message)
        }
        guard case .object(let selector) = value else { throw bad("expected a mapping, got \(value.kindDescription)") }
        var labels: [(key: String, value: String)] = []
        for (key, v) in selector["matchLabels"]?.object ?? Value.Object() {
            guard let s = v.string else { throw bad("matchLabels.\(key) must be a string") }
            labels.append((key, s))
        }
        var requirements: [Requirement] = []
        for (i, expression) in (selector["matchExpressions"]?.array ?? []).enumerated() {
            let at = "matchExpressions[\(i)]"
            guard let key = expression["key"]?.string, !key.isEmpty else { throw bad("\(at).key is required") }
            guard let opText = expression["operator"]?.string, let op = Operator(rawValue: opText) else {
                throw bad("\(at).operator \"\(expression["operator"]?.string ?? "")\" is not a valid label selector operator")
            }
            let values = (expression["values"]?.array ?? []).compactMap(\.string)
            // (A `where` clause would bind to the last pattern only, hence the explicit tests.)
            let needsValues = op == .in || op == .notIn
            if needsValues && values.isEmpty {
                throw bad("\(at): values: Invalid value: for 'in', 'notin' operators, values set can't be empty")
            }
            if !needsValues && !values.isEmpty {
                throw bad("\(at): values: Invalid value: for 'exists', 'doesnotexist' operators, values set must be empty")
            }
            requirements.append(Requirement(key: key, op: op, values: values))
        }
        matchLabels = labels
        self.requirements = requirements
    }

    /// Whether an object with these labels is selected. An empty selector selects everything.
    public func matches(_ labels: Value.Object) -> Bool {
        for (key, value) in matchLabels where labels[key]?.string != value { return false }
        for r in requirements {
            let present = labels[r.key]?.string
            switch r.op {
            case .in: guard let present, r.values.contains(present) else { return false }
            case .notIn: if let present, r.values.contains(present) { return false }
            case .exists: if present == nil { return false }
            case .doesNotExist: if present != nil { return false }
            }
        }
        return true
    }
}
