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
        build(rs, providers: providers, options: ResourceSetInputOptions(overrides: overrides), settings: settings)
    }

    /// Renders `rs` as the controller would: its spec checked first, then its inputs combined
    /// (inline `spec.inputs`, or `options.inlineInputs` in their place, then the `inputsFrom`
    /// providers among `providers`, of any type), then its templates. A ResourceSet with neither
    /// inputs nor `inputsFrom` renders once with an empty `inputs` map.
    public static func build(_ rs: ResourceSetView, providers: [InputProvider], options: ResourceSetInputOptions,
                             settings: RenderSettings) -> ResourceSetPreview {
        var inputs: ResourceSetResolvedInputs?
        do {
            try ResourceSetRenderer.validate(rs)
            let resolved = try ResourceSetInputs.resolve(rs, providers: providers, options: options)
            inputs = resolved
            let render = try ResourceSetRenderer.render(rs, inputs: resolved, settings: settings)
            return ResourceSetPreview(resourceSet: rs, inputs: resolved, outcome: .rendered(render))
        } catch let error as ResourceSetError {
            return ResourceSetPreview(resourceSet: rs, inputs: inputs, outcome: .stalled(error))
        } catch {
            // Only ResourceSetError is thrown above; keep any other failure visible, never crash.
            return ResourceSetPreview(resourceSet: rs, inputs: inputs,
                                      outcome: .stalled(.invalidField(resourceSet: rs.reference, field: "spec", message: "\(error)")))
        }
    }

    /// The rendered object for `key` (the first rendering, as applied), if any input renders it.
    public func rendered(_ key: ObjectKey) -> ResourceSetRenderedObject? {
        guard case .rendered(let render) = outcome else { return nil }
        return render.objects.first { $0.key == key }
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
