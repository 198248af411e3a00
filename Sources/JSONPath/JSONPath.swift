import YAML

/// A template in Kubernetes' JSONPath dialect, parsed once and executed over any number of
/// values, with the behaviour and error texts of `k8s.io/client-go/util/jsonpath` (the engine
/// behind `kubectl -o jsonpath`, custom columns and `--sort-by`).
///
///     let path = try JSONPath("{range .items[*]}{.metadata.name}{\"\\n\"}{end}")
///     let text = try path.execute(list)
///
/// The data is a `Value` as apimachinery's unstructured JSON decoding would hold it: integers
/// are int64, other numbers float64 (`.uint` is read as the float64 Go would have).
/// One difference is inherent: Go visits map entries (`.*`, `..`) in random order; here they
/// come in the Value's own order.
public struct JSONPath: Sendable {
    public let template: String
    let nodes: [Node]

    /// Parses `template`; the error carries client-go's text (`unclosed action`, ...).
    public init(_ template: String) throws(JSONPathError) {
        self.template = template
        self.nodes = try Parser.parse(template)
    }

    public struct Options: Sendable, Equatable {
        /// kubectl's `--allow-missing-template-keys` (default true): a missing key yields
        /// nothing instead of the error `KEY is not found`.
        public var allowMissingKeys: Bool
        /// `-o jsonpath-as-json`: each group of results printed as an indented JSON array.
        public var outputJSON: Bool
        public init(allowMissingKeys: Bool = true, outputJSON: Bool = false) {
            self.allowMissingKeys = allowMissingKeys
            self.outputJSON = outputJSON
        }
    }

    /// client-go's FindResults: one list of results per top-level node (literal text included)
    /// and per `{range}` iteration.
    public func findResults(in data: Value, allowMissingKeys: Bool = true) throws(JSONPathError) -> [[Result]] {
        var state = State()
        return try findResults(in: data, allowMissingKeys: allowMissingKeys, state: &state)
    }

    /// The same, continuing from the state a previous execution of this template left (kubectl
    /// keeps one printer for all the objects of `get -w` and its range bookkeeping is not reset).
    public func findResults(in data: Value, allowMissingKeys: Bool, state: inout State) throws(JSONPathError) -> [[Result]] {
        var evaluator = Evaluator(nodes: nodes, allowMissingKeys: allowMissingKeys, state: state)
        defer { state = evaluator.state }
        let root: Result = data.isNull ? Result(.invalid, boxed: false) : .literal(data)
        return try evaluator.findResults(root)
    }

    /// client-go's Execute: find every result, then print them (nothing is printed on error).
    public func execute(_ data: Value, options: Options = Options()) throws(JSONPathError) -> String {
        var state = State()
        return try execute(data, options: options, state: &state)
    }

    public func execute(_ data: Value, options: Options, state: inout State) throws(JSONPathError) -> String {
        let groups = try findResults(in: data, allowMissingKeys: options.allowMissingKeys, state: &state)
        var out: [UInt8] = []
        for group in groups {
            try JSONPath.print(group, outputJSON: options.outputJSON, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
