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
        self.provider = provider; self.filter = filter; self.source = source; self.prediction = prediction
        self.impact = impact; self.warnings = warnings
    }

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
