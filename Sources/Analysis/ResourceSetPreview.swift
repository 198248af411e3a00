import Provider
import YAML

/// One ResourceSet rendered for `render`: the inputs it receives and the objects the controller
/// would apply, or why it would stall.
public struct ResourceSetPreview: Sendable {
    public var resourceSet: ResourceSetView
    /// nil when resolving the inputs already failed.
    public var inputs: ResourceSetResolvedInputs?
    public var outcome: ImpactSide.Outcome

    /// Renders `rs` with `providers` (the RSIPs of its namespace), `overrides` replacing the
    /// exported inputs of providers by name.
    public static func build(_ rs: ResourceSetView, providers: [InputProvider], overrides: [String: [Value]] = [:],
                             settings: RenderSettings) -> ResourceSetPreview {
        let side = Impact.side(rs, providers, overrides, settings)
        return ResourceSetPreview(resourceSet: rs, inputs: side.inputs, outcome: side.outcome)
    }

    /// The objects as applied (commonMetadata and owner labels set), with what produced each.
    public var objects: [(applied: Value, rendered: ResourceSetRenderedObject)] {
        guard case .rendered(let render) = outcome else { return [] }
        return render.objects.map { (ResourceSetApply.applied($0.object, resourceSet: resourceSet), $0) }
    }

    /// The `spec.steps` name an object's source belongs to (`spec.steps[1].resources[0]`), if any.
    public func step(of object: ResourceSetRenderedObject) -> String? {
        let prefix = "spec.steps["
        guard object.source.hasPrefix(prefix),
              let close = object.source.firstIndex(of: "]"),
              let index = Int(object.source[object.source.index(object.source.startIndex, offsetBy: prefix.count)..<close]),
              resourceSet.steps.indices.contains(index) else { return nil }
        return resourceSet.steps[index].name
    }
}
