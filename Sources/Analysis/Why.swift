import Provider
import YAML

/// A live object as the cluster answered for it.
public enum WhyLive: Sendable, Equatable {
    case found(Value)
    case absent
    /// 403, a time-out, an unknown kind: the error's message.
    case unreadable(String)
}

/// Follows one tag from the registry to the workloads it runs (`why NAME TAG`), as pure steps the
/// command feeds with what it fetched: `plan` (registry, filter, export, the objects rendered for
/// the input), then `report` once the live objects are known.
public enum Why {
    public static let fluxKustomizeGroup = "kustomize.toolkit.fluxcd.io"

    /// The objects one consuming ResourceSet renders for the tag's input, or why it does not build.
    public struct Consumer: Sendable {
        public var resourceSet: ResourceSetView
        public var objects: [ResourceSetRenderedObject]
        public var buildFailure: ResourceSetError?
    }

    public struct Plan: Sendable {
        public var provider: InputProvider
        public var tag: String
        public var registry: WhyReport.Registry
        public var filter: WhyReport.Filter
        public var exported: WhyReport.Exported
        public var consumers: [Consumer]
        /// Tags close to TAG when the list and the export lack it.
        public var nearest: [String] = []
        /// The filter flags' change, when the tag is judged by a changed filter.
        public var filterChange: WhyReport.FilterChange?

        /// Every rendered object, to fetch live.
        public var objectKeys: [ObjectKey] { consumers.flatMap { $0.objects.map(\.key) } }

        /// The Helm storage Secrets of the live HelmReleases among the rendered objects that have
        /// no inventory (Flux before 2.8): their objects are in the latest release's manifest.
        public func storageKeys(live: [ObjectKey: WhyLive]) -> [ObjectKey] {
            objectKeys.compactMap { key in
                guard isHelmRelease(key), case .found(let object)? = live[key] else { return nil }
                return HelmReleaseView(object).storageSecret
            }
        }

        /// The workloads the live Flux Kustomizations and HelmReleases among the rendered
        /// objects applied (a HelmRelease's from its inventory, else from its Helm storage).
        public func workloadKeys(live: [ObjectKey: WhyLive], settings: RenderSettings) -> [ObjectKey] {
            objectKeys.flatMap { key in Why.owned(key, live: live, settings: settings)?.keys ?? [] }
        }
    }

    public static func isKustomization(_ key: ObjectKey) -> Bool { key.group == fluxKustomizeGroup && key.kind == "Kustomization" }
    public static func isHelmRelease(_ key: ObjectKey) -> Bool { key.group == HelmReleaseView.group && key.kind == HelmReleaseView.kind }

    /// What a live Flux owner applied: a Kustomization's inventory, a HelmRelease's objects
    /// (inventory, Helm storage, or why they are not known); nil for other objects.
    static func owned(_ key: ObjectKey, live: [ObjectKey: WhyLive], settings: RenderSettings) -> HelmReleaseObjects? {
        guard case .found(let object)? = live[key] else { return nil }
        if isKustomization(key) { return .inventory(InventoryEntry.entries(of: object).compactMap(\.objectKey)) }
        guard isHelmRelease(key) else { return nil }
        let view = HelmReleaseView(object)
        return view.objects(storage: view.storageSecret.flatMap { live[$0] }, clusterScopedKinds: settings.clusterScopedKinds)
    }

    /// What every tag's answer shares, computed once per provider: the filter applied to the
    /// whole list and each consuming ResourceSet rendered with the current inputs (`why NAME`
    /// without TAG asks for every tag; rendering per tag would repeat the same work).
    public struct Survey: Sendable {
        public var provider: InputProvider
        /// The tag list in registry order (from the registry, a tags file, or the status).
        public var tags: [String]
        /// Where `tags` came from.
        public var source: TagSource
        /// The filter the tags are judged by: the provider's, or a changed one (`--exclude-tag`).
        public var filter: TagFilter
        var selection: TagSelection
        /// Every tag that passes include, exclude and semver, in the controller's order.
        var passing: [String]
        /// The consuming ResourceSets by namespace/name, each rendered once.
        var previews: [ResourceSetPreview]

        /// The tags the provider's filter keeps, in the controller's order.
        public var kept: [String] { selection.selected }

        public init(provider: InputProvider, tags: [String], source: TagSource, resourceSets: [ResourceSetView],
                    neighbours: [InputProvider], settings: RenderSettings, filter: TagFilter? = nil) throws(FilterError) {
            self.provider = provider; self.tags = tags; self.source = source
            self.filter = filter ?? provider.tagFilter
            (selection, passing) = try Self.filter(tags, self.filter)
            previews = ResourceSetInputs.consumers(of: provider, among: resourceSets)
                .sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) })
                .map { ResourceSetPreview.build($0, providers: neighbours, settings: settings) }
        }

        /// The selection, and (as the order does not depend on the limit) every passing tag.
        static func filter(_ tags: [String], _ filter: TagFilter) throws(FilterError) -> (TagSelection, [String]) {
            var unlimited = filter
            unlimited.limit = Int64(Int32.max)
            return (try Prediction.select(tags, filter: filter), try Prediction.select(tags, filter: unlimited).selected)
        }
    }

    /// - Parameters:
    ///   - registryDigest: TAG's manifest digest in the registry, when known.
    ///   - annotations: its manifest's annotations, when fetched.
    public static func plan(_ survey: Survey, tag: String, registryDigest: String?,
                            annotations: [String: String] = [:]) throws(FilterError) -> Plan {
        let provider = survey.provider
        let present = survey.tags.contains(tag)
        // With --from-status the list is what is exported: it says nothing of the registry.
        let registry = WhyReport.Registry(tagList: survey.source.code, present: survey.source == .status ? nil : present,
                                          digest: present ? registryDigest : nil, url: provider.url,
                                          created: nonEmpty(annotations["org.opencontainers.image.created"]),
                                          revision: nonEmpty(annotations["org.opencontainers.image.revision"]),
                                          source: nonEmpty(annotations["org.opencontainers.image.source"]))
        // A tag the registry does not list is judged as if it were pushed: would it be kept?
        let (selection, passing) = present ? (survey.selection, survey.passing)
            : try Survey.filter(survey.tags + [tag], survey.filter)
        let kept = selection.selected.contains(tag)
        let drop = selection.dropped.first { $0.tag == tag }?.reason
        let id = InputID.of(tag: tag)
        let position = passing.firstIndex(of: tag)
        let filter = WhyReport.Filter(
            kept: kept, reason: kept ? nil : drop.map(code), phrase: kept ? nil : drop.map(\.phrase),
            position: position.map { $0 + 1 }, passing: position == nil ? nil : passing.count,
            limit: survey.filter.effectiveLimit, id: id,
            collidesWith: selection.selected.filter { $0 != tag && InputID.of(tag: $0) == id }, assumed: !present)

        let input = provider.exportedInputs.first { $0["tag"]?.string == tag }
        let exported = WhyReport.Exported(present: input != nil, id: input?["id"]?.string, digest: input?["digest"]?.string,
                                          lastHandledReconcileAt: provider.lastHandledReconcileAt)

        let consumers = survey.previews.map { preview -> Consumer in
            guard input != nil else { return Consumer(resourceSet: preview.resourceSet, objects: [], buildFailure: nil) }
            switch preview.outcome {
            case .stalled(let error):
                return Consumer(resourceSet: preview.resourceSet, objects: [], buildFailure: error)
            case .rendered(let render):
                // Every object an input holding this tag renders (Permute: every combination).
                let mine = render.objects.filter { object in
                    object.input?.components.contains { $0.provider.name == provider.name && $0.tag == tag } ?? false
                }
                return Consumer(resourceSet: preview.resourceSet, objects: mine, buildFailure: nil)
            }
        }
        let exportedTags = provider.exportedInputs.compactMap { $0["tag"]?.string }
        let nearest = present || input != nil ? [] : Suggestions.nearest(tag, among: exportedTags + survey.tags)
        let changed = survey.filter == provider.tagFilter ? nil
            : WhyReport.FilterChange(from: provider.tagFilter.summary(showingDefaultLimit: true) ?? "",
                                     to: survey.filter.summary(showingDefaultLimit: true) ?? "")
        return Plan(provider: provider, tag: tag, registry: registry, filter: filter, exported: exported,
                    consumers: consumers, nearest: nearest, filterChange: changed)
    }

    private static func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }

    /// The controller's drop reasons as the words scripts match.
    public static func code(_ reason: DropReason) -> String {
        switch reason {
        case .notIncluded: return "NotIncluded"
        case .excluded: return "Excluded"
        case .notSemver: return "NotSemver"
        case .outsideConstraint: return "OutsideConstraint"
        case .cutByLimit: return "CutByLimit"
        }
    }

    public static func report(_ plan: Plan, live: [ObjectKey: WhyLive], settings: RenderSettings) -> WhyReport {
        let p = plan.provider
        let who = "\(p.namespace)/\(p.name)"
        let exportedDigest = plan.exported.digest
        var objects: [WhyObject] = []
        for consumer in plan.consumers {
            let rs = consumer.resourceSet
            let rsKey = ObjectKey(group: "fluxcd.controlplane.io", version: "v1", kind: "ResourceSet",
                                  namespace: rs.namespace, name: rs.name)
            objects.append(describe(rsKey, resourceSet: rs.reference, live: .found(rs.object), digest: nil, depth: 0))
            for rendered in consumer.objects {
                let liveObject = live[rendered.key] ?? .unreadable("not fetched")
                var owner = describe(rendered.key, resourceSet: rs.reference, live: liveObject, digest: exportedDigest, depth: 1)
                let applied = owned(rendered.key, live: live, settings: settings)
                if let applied, !applied.isKnown, isHelmRelease(rendered.key) {
                    // Remote, not installed yet, or its Helm storage out of reach: said on its line.
                    owner.note = applied.note
                    if case .storageUnreadable = applied { owner.state = owner.state == .failing ? .failing : .unknown }
                }
                objects.append(owner)
                for workload in applied?.keys ?? [] {
                    objects.append(describe(workload, resourceSet: rs.reference, live: live[workload] ?? .unreadable("not fetched"),
                                            digest: nil, depth: 2))
                }
            }
        }
        var report = WhyReport(provider: p, tag: plan.tag, verdict: .deployed, message: "", next: nil,
                               registry: plan.registry, filter: plan.filter, exported: plan.exported,
                               consumers: plan.consumers.map(\.resourceSet.reference), objects: objects,
                               buildFailures: plan.consumers.compactMap(\.buildFailure), nearest: plan.nearest,
                               filterChange: plan.filterChange)
        let url = p.url ?? "the registry"
        let at = "\(p.name) -n \(p.namespace)"
        let reconcile = "kubectl rsip reconcile \(at)"
        let typo = plan.nearest.first.map { "did you mean \($0)? kubectl rsip why \(at) \($0)" }
        let list = plan.registry.tagList == TagSource.registry.code ? url : "--tags-file"

        if plan.registry.present == false {
            report.verdict = .notInRegistry
            report.message = "\(plan.tag) is not in \(list)" + (plan.exported.present
                ? ": it is still exported, and the next reconcile removes it (and what it deployed)" : "")
            report.next = plan.exported.present ? reconcile : typo ?? "check the tag CI pushed: kubectl rsip diff \(at)"
            return report
        }
        if plan.registry.present == nil, !plan.exported.present {
            // --from-status: only exported tags are known; whether this one was pushed is not.
            report.verdict = .unknown
            report.message = "\(plan.tag) is not exported by \(who), and the registry was not asked (--from-status): whether it was pushed, and whether the filter keeps it, is unknown"
            report.next = typo ?? "ask the registry: kubectl rsip why \(at) \(plan.tag)"
            return report
        }
        if !plan.filter.kept {
            report.verdict = .filtered
            let position = plan.filter.position.map { " (position \($0) of \(plan.filter.passing ?? 0))" } ?? ""
            let would = plan.filter.assumed ? "would be " : ""
            report.message = "\(plan.tag) \(would.isEmpty ? "is" : "would be") \(plan.filter.phrase ?? "dropped by the filter")\(position)"
            report.next = Self.undo(plan, at: at).map { "keep it, and see what else that changes: \($0)" }
            return report
        }
        if !plan.exported.present || (plan.registry.digest != nil && exportedDigest != nil && plan.registry.digest != exportedDigest) {
            report.verdict = .pending
            let since = plan.exported.lastHandledReconcileAt.map { " (last handled reconcile \($0))" } ?? ""
            let listed = plan.registry.tagList == TagSource.registry.code ? "the registry" : "--tags-file"
            var message = plan.exported.present
                ? "a new digest of \(plan.tag) was pushed and \(who) still exports the old one\(since)"
                : plan.filterChange != nil
                ? "\(plan.tag) is in \(listed) and the changed filter would keep it, but \(who) exports what spec.filter keeps; change spec.filter, then reconcile"
                : "\(plan.tag) is in \(listed) and kept by the filter, but \(who) has not exported it yet\(since)"
            if p.isSuspended { message += "; the provider is suspended" }
            else if let ready = p.ready, ready.status != "True" { message += "; the provider is not Ready: \(ready.message)" }
            report.message = message
            report.next = p.isSuspended ? "kubectl rsip resume \(p.name) -n \(p.namespace)" : reconcile
            return report
        }
        if plan.consumers.isEmpty {
            report.verdict = .notConsumed
            report.message = "no ResourceSet in namespace \(p.namespace) takes inputs from \(who): nothing deploys \(plan.tag)"
            report.next = "a ResourceSet consumes a provider through spec.inputsFrom (name or selector)"
            return report
        }
        if let failure = report.buildFailures.first {
            report.verdict = .failing
            report.message = failure.message
            report.next = "kubectl rsip render \(p.name) -n \(p.namespace)"
            return report
        }
        if let failing = objects.first(where: { $0.state == .failing }) {
            report.verdict = .failing
            report.message = "\(failing.key): " + [failing.reason, failing.message].compactMap { $0 }.joined(separator: ": ")
            report.next = "kubectl describe \(failing.key.kind.lowercased()) \(failing.key.name) -n \(failing.key.namespace)"
            return report
        }
        if let waiting = objects.first(where: { $0.state == .progressing || $0.state == .unknown }) {
            report.verdict = .progressing
            let detail = [waiting.reason, waiting.message].compactMap { $0 }.joined(separator: ": ")
            if waiting.state == .unknown, let note = waiting.note {
                report.message = "\(waiting.key): what it installed cannot be seen: \(note)"
            } else {
                report.message = "\(waiting.key): " + (waiting.state == .unknown ? "cannot be seen: " : "") + detail
            }
            report.next = waiting.state == .unknown ? nil : "kubectl get \(waiting.key.kind.lowercased()) \(waiting.key.name) -n \(waiting.key.namespace) -w"
            return report
        }
        let digest = exportedDigest.map { " at \($0)" } ?? ""
        report.message = "every object is Ready\(digest) and its workloads are available"
        return report
    }

    /// The simulate command that undoes what dropped the tag: the field cleared, the limit
    /// raised to the tag's position, or a semver range that admits its prerelease.
    static func undo(_ plan: Plan, at: String) -> String? {
        let simulate = "kubectl rsip simulate \(at)"
        let filter = plan.provider.tagFilter
        switch plan.filter.reason {
        case "Excluded": return "\(simulate) --exclude-tag ''"
        case "NotIncluded": return "\(simulate) --include-tag ''"
        case "NotSemver": return "\(simulate) --semver ''"
        case "OutsideConstraint":
            // Masterminds drops prereleases unless the range has one: `>=1.0.0` -> `>=1.0.0-0`.
            if let constraint = filter.semver, let version = try? Semver.parse(plan.tag), !version.prerelease.isEmpty,
               !constraint.contains("-"), !constraint.contains(" "), !constraint.contains(","), !constraint.contains("|"),
               constraint.hasPrefix(">") {
                return "\(simulate) --semver '\(constraint)-0'"
            }
            return "\(simulate) --semver ''"
        case "CutByLimit":
            guard let position = plan.filter.position, position <= 10000 else { return nil }
            return "\(simulate) --limit \(position)"
        default: return nil
        }
    }

    /// The state of one object, Flux's conditions first, then kubectl's rollout rules.
    static func describe(_ key: ObjectKey, resourceSet: String, live: WhyLive, digest: String?, depth: Int) -> WhyObject {
        switch live {
        case .absent:
            return WhyObject(key: key, resourceSet: resourceSet, exists: false, state: .progressing, reason: "NotFound",
                             message: "not on the cluster (not applied yet)", depth: depth)
        case .unreadable(let message):
            return WhyObject(key: key, resourceSet: resourceSet, exists: nil, state: .unknown, message: message, depth: depth)
        case .found(let object):
            var key = key
            if key.version == nil { key.version = ObjectKey.splitAPIVersion(object["apiVersion"]?.string ?? "").version }
            let state = WhyObjectState.of(object, kind: key.kind, exportedDigest: digest)
            return WhyObject(key: key, resourceSet: resourceSet, exists: true, state: state.state, reason: state.reason,
                             message: state.message, revision: state.revision,
                             creationTimestamp: object[path: "metadata", "creationTimestamp"]?.string,
                             condition: state.condition, depth: depth)
        }
    }
}
