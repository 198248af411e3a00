import Provider
import YAML

/// A filter change played through: the inputs the controller would export with it, and what each
/// consuming ResourceSet would create, update and prune.
public struct Simulation: Sendable {
    public var provider: InputProvider
    /// The filter after the change.
    public var filter: TagFilter
    public var source: TagSource
    public var prediction: Prediction
    public var impact: [ImpactReport]
    /// Warnings gathered on the way (credentials, ignored Secrets, ...).
    public var warnings: [String]

    public init(provider: InputProvider, filter: TagFilter, source: TagSource, prediction: Prediction,
                impact: [ImpactReport], warnings: [String] = []) {
        self.provider = provider; self.filter = filter; self.source = source
        self.prediction = Self.readmitting(prediction, provider: provider)
        self.impact = impact; self.warnings = warnings
    }

    /// A tag the registry listed all along, which the current filter drops and the new one
    /// keeps, is re-admitted, not new: say by which field it was dropped before.
    static func readmitting(_ prediction: Prediction, provider: InputProvider) -> Prediction {
        guard let before = try? Prediction.select(prediction.registryTags, filter: provider.tagFilter) else { return prediction }
        var out = prediction
        out.diff.changes = prediction.diff.changes.map { change in
            guard change.kind == .added, change.reason == .newTag,
                  let drop = before.dropped.first(where: { $0.tag == change.tag })?.reason else { return change }
            var readmitted = change
            readmitted.reason = .readmitted(drop)
            return readmitted
        }
        return out
    }

    /// Added tags whose every rendering repeats an object already rendered for another input
    /// (their ids collide): the controller keeps the first, so they create nothing.
    public var rendersNothingNew: Set<String> {
        var out = Set<String>()
        for change in prediction.diff.changes where change.kind == .added {
            func holds(_ object: ResourceSetRenderedObject) -> Bool {
                object.input?.components.contains { $0.provider.name == provider.name && $0.tag == change.tag } ?? false
            }
            let duplicated = impact.contains { $0.duplicates.contains { holds($0.dropped) } }
            let renders = impact.contains { $0.after.render?.objects.contains(where: holds) ?? false }
            if duplicated && !renders { out.insert(change.tag) }
        }
        return out
    }

    /// Every rendering the controller would drop because an earlier one has its name.
    public var duplicateNotes: [String] { impact.flatMap { $0.duplicates.map(\.note) } }

    /// The filter with each given override replacing one field; an empty string clears it.
    public static func filter(_ current: TagFilter, includeTag: String?, excludeTag: String?, semver: String?,
                              limit: Int64?) -> TagFilter {
        var filter = current
        func cleared(_ s: String) -> String? { s.isEmpty ? nil : s }
        if let excludeTag { filter.excludeTag = cleared(excludeTag) }
        if let includeTag { filter.includeTag = cleared(includeTag) }
        if let semver { filter.semver = cleared(semver) }
        if let limit { filter.limit = limit }
        return filter
    }

    /// Tags exported now and still exported after the change, in the new order.
    public var kept: [String] {
        let now = Set(provider.exportedInputs.compactMap { $0["tag"]?.string })
        return prediction.predicted.compactMap { $0["tag"]?.string }.filter { now.contains($0) }
    }

    /// Kept tags whose input changes (a new digest, other values).
    public var changed: [InputChange] { prediction.diff.changes.filter { $0.kind == .changed } }

    /// What the chosen tag source cannot know.
    public var notes: [String] {
        var out: [String] = []
        if source == .status {
            out.append("--from-status knows only the \(provider.exportedInputs.count) tag(s) exported now: tags the current filter drops and new tags in the registry cannot appear")
            let currentLimit = provider.tagFilter.effectiveLimit
            if provider.exportedInputs.count >= currentLimit {
                out.append("the provider exports exactly its limit (\(currentLimit)): the registry probably holds more tags, which a larger --limit would add")
            }
        }
        if source != .registry, prediction.predicted.contains(where: { ($0["digest"]?.string ?? "").isEmpty }) {
            out.append("digests of tags not exported now are unknown without the registry")
        }
        if filter.includeBranch != nil || filter.includeEnvironment != nil, filter.includeTag != nil {
            out.append("spec.filter sets includeBranch/includeEnvironment too: the controller uses the last non-empty of includeBranch, includeTag, includeEnvironment")
        }
        return out
    }
}
