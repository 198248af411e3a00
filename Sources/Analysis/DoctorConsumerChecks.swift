import Provider
import YAML

/// Each consuming ResourceSet rendered once with the current inputs, however many providers in
/// scope it takes.
struct ResourceSetRenders {
    var input: DoctorInput
    private var outcomes: [String: ImpactSide.Outcome] = [:]
    /// The ResourceSets judged, by `namespace/name`.
    private(set) var checked: Set<String> = []
    /// `code|namespace/name` of what was said about a ResourceSet: said once, for the first
    /// provider in scope that it takes, however many it takes.
    private var said: Set<String> = []

    mutating func firstTime(_ code: DoctorCode, _ rs: ResourceSetView) -> Bool {
        said.insert("\(code.rawValue)|\(rs.reference)").inserted
    }

    init(input: DoctorInput) { self.input = input }

    mutating func outcome(_ rs: ResourceSetView) -> ImpactSide.Outcome {
        checked.insert(rs.reference)
        if let known = outcomes[rs.reference] { return known }
        let neighbours = input.namespaceProviders.filter { $0.namespace == rs.namespace }
        let outcome = ResourceSetPreview.build(rs, providers: neighbours, settings: input.settings).outcome
        outcomes[rs.reference] = outcome
        return outcome
    }
}

extension Doctor {
    /// NoConsumer, TemplateError, PermuteTooLarge, ResourceSetNotReady: the ResourceSets of the
    /// provider's namespace that take its inputs, rendered with what every provider exports now.
    static func consumerFindings(_ p: InputProvider, _ input: DoctorInput, renders: inout ResourceSetRenders,
                                 into out: inout Collector) {
        let all: [ResourceSetView]
        switch input.resourceSets {
        case .found(let sets): all = sets
        case .absent: all = []
        case .unreadable(let why):
            out.gap(DoctorGap(object: nil, provider: nil, message: "the ResourceSets could not be listed: \(why)",
                              hint: "NoConsumer, TemplateError, PermuteTooLarge and ResourceSetNotReady were not checked"))
            return
        }
        let consumers = ResourceSetInputs.consumers(of: p, among: all)
        guard !consumers.isEmpty else {
            out.add(DoctorFinding(
                code: .noConsumer, object: .provider(p), provider: p.key,
                message: "no ResourceSet in namespace \(p.namespace) takes inputs from it (by name or selector): "
                    + "what it exports deploys nothing",
                fix: "add {apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: \(p.name)} to "
                    + "spec.inputsFrom of a ResourceSet in \(p.namespace), or delete it: kubectl delete rsip \(p.name) -n \(p.namespace)"))
            return
        }
        for rs in consumers {
            let render = "kubectl rsip render \(p.name) -n \(p.namespace) --resourceset \(rs.name)"
            if case .stalled(let error) = renders.outcome(rs) {
                if case .permutation(_, _, let message) = error, message.contains("maximum allowed permutations") {
                    if renders.firstTime(.permuteTooLarge, rs) { out.add(DoctorFinding(
                        code: .permuteTooLarge, object: .resourceSet(rs), provider: p.key,
                        message: "ResourceSet \(rs.reference) permutes more than \(ResourceSetInputCombine.maxPermutations) "
                            + "combinations of the current inputs, so the controller stalls it (\(message))",
                        fix: "lower spec.filter.limit of the providers it permutes until the product of their input counts is "
                            + "at most 10000, or set spec.inputStrategy.name: Flatten on ResourceSet \(rs.reference)")) }
                } else if renders.firstTime(.templateError, rs) {
                    out.add(DoctorFinding(
                        code: .templateError, object: .resourceSet(rs), provider: p.key,
                        message: "ResourceSet \(rs.reference) fails to render with the current inputs, so the controller "
                            + "stalls it (BuildFailed): \(error.description.dropPrefix("ResourceSet \(rs.reference): "))",
                        fix: "fix the field it names in ResourceSet \(rs.reference); check the render: \(render)"))
                }
            }
            if let ready = InputProvider.Condition.ready(of: rs.object), ready.status == "False", renders.firstTime(.resourceSetNotReady, rs) {
                let reason = ready.reason.isEmpty ? "" : " (\(ready.reason))"
                out.add(DoctorFinding(
                    code: .resourceSetNotReady, object: .resourceSet(rs), provider: p.key,
                    message: "ResourceSet \(rs.reference), which takes its inputs, is not Ready\(reason): "
                        + ConditionMessage.oneLine(ready.message, width: causeWidth),
                    fix: "the whole status: kubectl get resourceset \(rs.name) -n \(rs.namespace) -o yaml; what it renders: \(render)"))
            }
        }
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
