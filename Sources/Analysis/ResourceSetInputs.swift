import Provider
import YAML

/// How a ResourceSet finds its inputs (spec section 5.1): which providers it consumes and the
/// combined input list the controller would hand to its templates.
public enum ResourceSetInputs {
    /// The ResourceSets that consume `provider`: same namespace, and an `inputsFrom` entry of
    /// kind ResourceSetInputProvider naming it or whose selector matches its labels. Entries
    /// with an invalid selector select nothing here; `resolve` reports them.
    public static func consumers(of provider: InputProvider, among resourceSets: [ResourceSetView]) -> [ResourceSetView] {
        resourceSets.filter { rs in
            rs.namespace == provider.namespace && rs.inputsFrom.contains { source in
                references(source, provider, resourceSet: rs)
            }
        }
    }

    /// Whether one `inputsFrom` entry selects `provider` (namespaces are checked by the caller).
    static func references(_ source: ResourceSetView.InputSource, _ provider: InputProvider, resourceSet: ResourceSetView) -> Bool {
        guard source.takesInputProviders else { return false }
        if let name = source.name { return name == provider.name }
        guard let selectorValue = source.selector,
              let selector = try? ResourceSetLabelSelector(selectorValue, resourceSet: resourceSet.reference,
                                                           field: source.field + ".selector") else { return false }
        return selector.matches(provider.object[path: "metadata", "labels"]?.object ?? Value.Object())
    }

    /// The combined input list, exactly as the controller builds it:
    /// 1. the ResourceSet's inline `spec.inputs` first (provider = the ResourceSet itself),
    /// 2. then the selected RSIPs of its namespace sorted by (GVK string, namespace, name),
    /// 3. each input gets `provider: {apiVersion, kind, name, namespace}`, overwriting,
    /// 4. then Flatten concatenates, Permute forms the Cartesian product.
    ///
    /// `providers` are the RSIPs of the ResourceSet's namespace (others are ignored), of any
    /// type: each gives its `status.exportedInputs`. `overrides` replaces the exported inputs of
    /// providers by name, to simulate a filter edit.
    /// Inline inputs get no synthesised `id`: the controller passes them as written, so a
    /// template reading `inputs.id` needs the user to have set one (else `missingkey=error`).
    ///
    /// Throws `ResourceSetError` (the controller stalls with BuildFailed): a provider named in
    /// `inputsFrom` is missing, a field is invalid, or Permute exceeds its limits.
    public static func resolve(_ rs: ResourceSetView, providers: [InputProvider],
                               overrides: [String: [Value]] = [:]) throws -> ResourceSetResolvedInputs {
        try resolve(rs, providers: providers, options: ResourceSetInputOptions(overrides: overrides))
    }

    /// `resolve` for a render outside the controller: `options` may replace `spec.inputs` (as
    /// `flux-operator build rset --inputs-from` does) and leave out providers that were not given.
    public static func resolve(_ rs: ResourceSetView, providers: [InputProvider],
                               options: ResourceSetInputOptions) throws -> ResourceSetResolvedInputs {
        let selected = try selectProviders(rs, providers: providers, missing: options.missingProviders)

        // The controller sets the ResourceSet's GVK to fluxcd.controlplane.io/v1 before combining.
        let selfRef = ResourceSetProviderRef(apiVersion: ResourceSetView.apiVersion, kind: ResourceSetView.kind,
                                             name: rs.name, namespace: rs.namespace)
        var lists: [(ref: ResourceSetProviderRef, inputs: [Value])] = []
        lists.append((selfRef, try inlineInputs(rs, replacedBy: options.inlineInputs)))
        for provider in selected {
            let ref = ResourceSetProviderRef(apiVersion: ResourceSetProviderRef.rsipAPIVersion,
                                             kind: ResourceSetProviderRef.rsipKind,
                                             name: provider.name, namespace: provider.namespace)
            lists.append((ref, options.overrides[provider.name] ?? provider.exportedInputs))
        }
        let tagged = lists.map { list in
            (ref: list.ref, inputs: list.inputs.map { withProvider($0, list.ref) })
        }

        let combined: [ResourceSetResolvedInput]
        switch rs.inputStrategy {
        case "Flatten":
            combined = ResourceSetInputCombine.flatten(tagged)
        case "Permute":
            combined = try ResourceSetInputCombine.permute(tagged, includeEmpty: rs.includeEmptyProviders,
                                                           resourceSet: rs.reference)
        default:
            throw ResourceSetError.invalidField(resourceSet: rs.reference, field: "spec.inputStrategy.name",
                                                message: "unknown input strategy: '\(rs.inputStrategy)'")
        }
        return ResourceSetResolvedInputs(strategy: rs.inputStrategy, providers: tagged.map(\.ref),
                                         inputs: combined,
                                         appliesEmptySet: !rs.inputsFrom.isEmpty && combined.isEmpty)
    }

    /// The RSIPs `inputsFrom` selects, each once, in the controller's order. A name that does not
    /// exist stalls the ResourceSet (unless `missing` is `.omit`); a selector that matches nothing
    /// contributes nothing.
    static func selectProviders(_ rs: ResourceSetView, providers: [InputProvider],
                                missing: ResourceSetInputOptions.MissingProviders = .stall) throws -> [InputProvider] {
        let local = providers.filter { $0.namespace == rs.namespace }
        var chosen: [String: InputProvider] = [:]
        for source in rs.inputsFrom {
            guard source.takesInputProviders else {
                throw ResourceSetError.invalidField(
                    resourceSet: rs.reference, field: source.field + ".kind",
                    message: "unsupported kind \"\(source.kind)\", only \(ResourceSetProviderRef.rsipKind) is accepted")
            }
            if let name = source.name {
                guard let provider = local.first(where: { $0.name == name }) else {
                    if missing == .omit { continue }
                    throw ResourceSetError.missingProvider(resourceSet: rs.reference, field: source.field + ".name", name: name)
                }
                chosen[name] = provider
            } else if let selectorValue = source.selector {
                let selector = try ResourceSetLabelSelector(selectorValue, resourceSet: rs.reference,
                                                            field: source.field + ".selector")
                for provider in local where selector.matches(provider.object[path: "metadata", "labels"]?.object ?? Value.Object()) {
                    chosen[provider.name] = provider
                }
            } else {
                throw ResourceSetError.invalidField(resourceSet: rs.reference, field: source.field,
                                                    message: "either name or selector must be set")
            }
        }
        // All share one GVK and namespace here, so the (GVK, namespace, name) order is by name,
        // compared bytewise like Go strings.
        return chosen.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    static func inlineInputs(_ rs: ResourceSetView, replacedBy replacement: [Value]? = nil) throws -> [Value] {
        let field = replacement == nil ? "spec.inputs" : "--inputs-from"
        return try (replacement ?? rs.inlineInputs).enumerated().map { i, input in
            // A null item unmarshals to an empty input map in Go.
            if input.isNull { return .object(Value.Object()) }
            guard case .object = input else {
                throw ResourceSetError.invalidField(resourceSet: rs.reference, field: "\(field)[\(i)]",
                                                    message: "expected a mapping, got \(input.kindDescription)")
            }
            return input
        }
    }

    /// The input as the controller's templates see it: decoded by Go's `encoding/json` (every
    /// number a float64, so `printf "%d"` of one prints `%!d(float64=2)`), with `provider` set
    /// last, replacing any value the provider exported.
    static func withProvider(_ input: Value, _ ref: ResourceSetProviderRef) -> Value {
        guard case .object(var map) = input.withFloat64Numbers else { return input }
        map["provider"] = nil
        map["provider"] = ref.value
        return .object(map)
    }

    /// The key a provider's inputs live under with Permute (spec 5.2): lowercase; whitespace and
    /// punctuation become `_`; anything else outside `[a-z0-9_]` is dropped (non-ASCII letters
    /// vanish); empty `_`-separated segments are removed. `podinfo-chart` -> `podinfo_chart`.
    public static func normalizedProviderKey(_ name: String) -> String {
        var mapped = ""
        for scalar in name.unicodeScalars {
            // Go lowercases rune by rune (unicode.ToLower): a one-scalar mapping, else unchanged.
            let lowered = scalar.properties.lowercaseMapping.unicodeScalars
            let r = lowered.count == 1 ? lowered.first ?? scalar : scalar
            if r.properties.isWhitespace || isGoPunct(r) {
                mapped.append("_")
            } else if ("a"..."z").contains(r) || ("0"..."9").contains(r) {
                mapped.unicodeScalars.append(r)
            }
        }
        return mapped.split(separator: "_").joined(separator: "_")
    }

    /// Go's `unicode.IsPunct`: the general categories Pc, Pd, Ps, Pe, Pi, Pf, Po (not symbols
    /// such as `+`, `$` or `|`, which are dropped instead).
    private static func isGoPunct(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
