import Template
import YAML

/// Renders a ResourceSet's templates for a combined input list, the way the controller's builder
/// does (spec 5.3).
///
/// Serialisation of `spec.resources` elements: the controller holds each element as JSON and
/// converts it with sigs.k8s.io/yaml `JSONToYAML`, i.e. go-yaml v2 with **sorted keys**, renders
/// that text with `<< >>` and parses the result. `YAML.emit(_:)` reproduces that emitter, so
/// `replicas: << inputs.replicas >>` renders to an integer exactly as in Flux, and key order (the
/// order template errors surface in) matches.
public enum ResourceSetRenderer {
    /// Go's template name in the controller; it appears in template error messages.
    static let templateName = "resourceset"

    /// Throws `ResourceSetError` (template, YAML, steps): the controller would stall with
    /// BuildFailed and apply nothing.
    ///
    /// - No inputs and `inputsFrom` set: empty render (`appliesEmptySet`), nothing is rendered.
    /// - No inputs and no `inputsFrom` (a static ResourceSet): every template renders once with
    ///   an empty `inputs` map; like the controller, `spec.resources` results are then neither
    ///   deduplicated nor filtered by the reconcile annotation.
    public static func render(_ rs: ResourceSetView, inputs: ResourceSetResolvedInputs,
                              settings: RenderSettings) throws -> RenderedResourceSet {
        // The controller rejects an invalid spec before its empty-inputs branch prunes anything.
        try validate(rs)
        if inputs.inputs.isEmpty && !rs.inputsFrom.isEmpty {
            return RenderedResourceSet(objects: [], duplicates: [], disabled: [], appliesEmptySet: true)
        }
        let context = Context(rs: rs, inputs: inputs.inputs, settings: settings)
        let steps = rs.steps
        guard !steps.isEmpty else {
            return try context.build(resources: rs.resources, template: rs.resourcesTemplate, fieldPrefix: "spec.")
        }
        var total = RenderedResourceSet(objects: [], duplicates: [], disabled: [], appliesEmptySet: false)
        var stepOf: [String: String] = [:]
        for (i, step) in steps.enumerated() {
            let part = try context.build(resources: step.resources, template: step.resourcesTemplate,
                                         fieldPrefix: "spec.steps[\(i)].")
            for object in part.objects {
                let raw = rawKey(object.object)
                if let previous = stepOf[raw], previous != step.name {
                    throw ResourceSetError.duplicateAcrossSteps(resourceSet: rs.reference, object: object.key.description,
                                                                step: step.name, previousStep: previous)
                }
                stepOf[raw] = step.name
            }
            total.objects += part.objects
            total.duplicates += part.duplicates
            total.disabled += part.disabled
        }
        return total
    }

    /// The builder's spec checks, made before inputs are even read (the CRD cannot hold them as
    /// CEL rules): `spec.steps` excludes `spec.resources` and `spec.resourcesTemplate`, and each
    /// step sets at least one of them.
    public static func validate(_ rs: ResourceSetView) throws {
        let steps = rs.steps
        guard !steps.isEmpty else { return }
        guard rs.resources.isEmpty && rs.resourcesTemplate.isEmpty else {
            throw ResourceSetError.invalidField(resourceSet: rs.reference, field: "spec.steps",
                                                message: "spec.steps is mutually exclusive with spec.resources and spec.resourcesTemplate")
        }
        for (i, step) in steps.enumerated() where step.resources.isEmpty && step.resourcesTemplate.isEmpty {
            throw ResourceSetError.invalidField(resourceSet: rs.reference, field: "spec.steps[\(i)]",
                                                message: "step \"\(step.name)\": at least one of resources or resourcesTemplate must be set")
        }
    }

    /// The builder's dedupe key: group/kind/namespace/name as written (namespace not defaulted).
    static func rawKey(_ object: Value) -> String {
        let group = ObjectKey.splitAPIVersion(object["apiVersion"]?.string ?? "").group
        return [group, object["kind"]?.string ?? "", object[path: "metadata", "namespace"]?.string ?? "",
                object[path: "metadata", "name"]?.string ?? ""].joined(separator: "/")
    }

    /// The annotation or the label holds `value` (Flux's `ssa.AnyInMetadata`, which the prune
    /// check uses).
    static func hasMetadata(_ object: Value, _ key: String, _ value: String) -> Bool {
        object[path: "metadata", "annotations", key]?.string == value
            || object[path: "metadata", "labels", key]?.string == value
    }

    /// The builder drops an object whose `fluxcd.controlplane.io/reconcile` annotation is exactly
    /// `disabled`; a label of that name does not count.
    static func isReconcileDisabled(_ object: Value) -> Bool {
        object[path: "metadata", "annotations", "fluxcd.controlplane.io/reconcile"]?.string == "disabled"
    }
}

extension ResourceSetRenderer {
    /// Everything one build needs; a value so each step reuses it.
    struct Context {
        var rs: ResourceSetView
        var inputs: [ResourceSetResolvedInput]
        var settings: RenderSettings

        /// One `BuildResourceSet` call: every `resources` entry across all inputs, then the
        /// multi-document template across all inputs; reconcile-disabled objects dropped, the
        /// first rendering of a key kept.
        func build(resources: [Value], template: String, fieldPrefix: String) throws -> RenderedResourceSet {
            var out = RenderedResourceSet(objects: [], duplicates: [], disabled: [], appliesEmptySet: false)
            var seen: [String: Int] = [:]
            func add(_ object: ResourceSetRenderedObject, dedupe: Bool, filterDisabled: Bool) {
                if filterDisabled, isReconcileDisabled(object.object) {
                    out.disabled.append(object)
                    return
                }
                let raw = rawKey(object.object)
                if dedupe, let first = seen[raw] {
                    out.duplicates.append(ResourceSetDuplicate(kept: out.objects[first], dropped: object))
                    return
                }
                if seen[raw] == nil { seen[raw] = out.objects.count }
                out.objects.append(object)
            }
            let runs: [ResourceSetResolvedInput?] = inputs.isEmpty ? [nil] : inputs.map { $0 }

            for (i, element) in resources.enumerated() {
                let field = "\(fieldPrefix)resources[\(i)]"
                let compiled = try compile(YAML.emit(element), field: field, firstInput: runs.first ?? nil)
                for input in runs {
                    let text = try execute(compiled, field: field, input: input)
                    let object = try readObject(text, field: field, input: input)
                    // Without inputs the controller adds these unconditionally.
                    add(rendered(object, input: input, source: field), dedupe: input != nil, filterDisabled: input != nil)
                }
            }
            if !template.isEmpty {
                let field = "\(fieldPrefix)resourcesTemplate"
                let compiled = try compile(template, field: field, firstInput: runs.first ?? nil)
                var all: [ResourceSetRenderedObject] = []
                for input in runs {
                    let text = try execute(compiled, field: field, input: input)
                    all += try readObjects(text, field: field, input: input).map { rendered($0, input: input, source: field) }
                }
                for object in all { add(object, dedupe: true, filterDisabled: true) }
            }
            return out
        }

        func rendered(_ object: Value, input: ResourceSetResolvedInput?, source: String) -> ResourceSetRenderedObject {
            // Documents without a name only come from `spec.resources` (the multi-document
            // reader drops them); key them as written so the apply error stays visible.
            let (group, version) = ObjectKey.splitAPIVersion(object["apiVersion"]?.string ?? "")
            let base = ObjectKey(object: object)
                ?? ObjectKey(group: group, version: version, kind: object["kind"]?.string ?? "",
                             namespace: object[path: "metadata", "namespace"]?.string ?? "",
                             name: object[path: "metadata", "name"]?.string ?? "")
            return ResourceSetRenderedObject(
                object: object, key: base.defaultingNamespace(to: rs.namespace, clusterScoped: settings.clusterScopedKinds),
                input: input, source: source,
                pruneDisabled: hasMetadata(object, "fluxcd.controlplane.io/prune", "disabled"))
        }

        func compile(_ text: String, field: String, firstInput: ResourceSetResolvedInput?) throws -> GoTemplate {
            do {
                return try GoTemplate(text, name: templateName, leftDelimiter: "<<", rightDelimiter: ">>")
            } catch {
                throw ResourceSetError.template(resourceSet: rs.reference, field: field, input: firstInput?.label,
                                                message: "failed to parse template: \(error)")
            }
        }

        /// The rendered bytes (not necessarily UTF-8: the YAML reader judges them, as in Flux).
        func execute(_ template: GoTemplate, field: String, input: ResourceSetResolvedInput?) throws -> [UInt8] {
            do {
                // The controller executes with nil data; `inputs` returns the input map (an
                // empty map when rendering without inputs, so missing keys still error).
                return try template.renderBytes(data: .null, inputs: input?.value ?? .object(Value.Object()), now: settings.now)
            } catch {
                throw ResourceSetError.template(resourceSet: rs.reference, field: field, input: input?.label,
                                                message: "failed to execute template: \(error)")
            }
        }

        /// A `resources` element: the first document of the rendered text, which must be a mapping
        /// with a kind and an apiVersion (a trim marker can glue `kind:` onto the line above).
        func readObject(_ text: [UInt8], field: String, input: ResourceSetResolvedInput?) throws -> Value {
            let documents = try parse(text, field: field, input: input)
            guard let first = documents.first, case .object = first else {
                throw ResourceSetError.renderedYAML(resourceSet: rs.reference, field: field, input: input?.label,
                                                    message: "expected a mapping, got \(documents.first?.kindDescription ?? "nothing")")
            }
            guard !(first["kind"]?.string ?? "").isEmpty, !(first["apiVersion"]?.string ?? "").isEmpty else {
                throw ResourceSetError.renderedYAML(resourceSet: rs.reference, field: field, input: input?.label,
                                                    message: "object has no kind or apiVersion")
            }
            return first
        }

        /// A multi-document template, read like Flux's `ReadObjects` (`ManifestObjects`).
        func readObjects(_ text: [UInt8], field: String, input: ResourceSetResolvedInput?) throws -> [Value] {
            do {
                return try ManifestObjects.read(try parse(text, field: field, input: input))
            } catch let error as ManifestObjects.NotAMapping {
                throw ResourceSetError.renderedYAML(resourceSet: rs.reference, field: field, input: input?.label,
                                                    message: error.description)
            }
        }

        func parse(_ text: [UInt8], field: String, input: ResourceSetResolvedInput?) throws -> [Value] {
            do {
                return try YAML.parseStream(bytes: text)
            } catch {
                throw ResourceSetError.renderedYAML(resourceSet: rs.reference, field: field, input: input?.label,
                                                    message: "\(error)")
            }
        }
    }
}
