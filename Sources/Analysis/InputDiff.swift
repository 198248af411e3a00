import Provider
import YAML

/// Why an input appears, disappears or changes between what a provider exported and what the
/// controller would export now.
public enum ChangeReason: Sendable, Equatable {
    /// In the registry and selected now, not exported before.
    case newTag
    /// Exported before, no longer listed by the registry.
    case deletedTag
    /// Still in the registry but the filter drops it now.
    case filtered(DropReason)
    /// Same tag, different manifest digest.
    case newDigest
    /// Same tag and digest, other keys (defaultValues) differ.
    case valuesChanged(keys: [String])
    /// Exported before, not now; the cause is not known (e.g. after a real reconcile).
    case noLongerExported
    /// In the registry all along, dropped by the current filter for this reason, kept by the new one.
    case readmitted(DropReason)

    public var code: String {
        switch self {
        case .newTag: return "NewTag"
        case .deletedTag: return "DeletedTag"
        case .filtered(let r):
            switch r {
            case .cutByLimit: return "CutByLimit"
            case .excluded: return "Excluded"
            case .notIncluded: return "NotIncluded"
            case .notSemver: return "NotSemver"
            case .outsideConstraint: return "OutsideConstraint"
            }
        case .newDigest: return "DigestChanged"
        case .valuesChanged: return "ValuesChanged"
        case .noLongerExported: return "Removed"
        case .readmitted: return "Readmitted"
        }
    }

    public var phrase: String {
        switch self {
        case .newTag: return "new tag"
        case .deletedTag: return "deleted from the registry"
        case .filtered(let r): return "now " + r.phrase
        case .newDigest: return "new digest pushed"
        case .valuesChanged(let keys): return "values changed: " + keys.joined(separator: ", ")
        case .noLongerExported: return "no longer exported"
        case .readmitted(let r): return "re-admitted: was " + r.phrase
        }
    }
}

public struct InputChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case added, removed, changed
    }
    public var kind: Kind
    public var tag: String
    public var id: String
    public var oldDigest: String?
    public var newDigest: String?
    public var reason: ChangeReason
}

/// The comparison of one provider's `status.exportedInputs` with a fresh prediction.
public struct ProviderDiff: Sendable {
    public var current: [Value]
    public var predicted: [Value]
    public var changes: [InputChange]
    public var currentRevision: String?
    public var predictedRevision: String
    /// Same inputs but in another order (the revision changes, the ResourceSet re-renders).
    public var orderChanged: Bool

    public var isEqual: Bool { changes.isEmpty && !orderChanged }
}

public enum InputDiff {
    /// Compares what the status holds with what the controller would export now.
    /// `registryTags` is the full tag list the prediction came from; `selection` explains why
    /// listed tags were dropped.
    public static func compare(current: [Value], predicted: [Value], registryTags: [String],
                               selection: TagSelection, currentRevision: String?) -> ProviderDiff {
        let listed = Set(registryTags)
        let changes = changes(from: current, to: predicted) { tag in
            if !listed.contains(tag) { return .deletedTag }
            return selection.reason(for: tag).map(ChangeReason.filtered) ?? .deletedTag
        }
        let sameSet = changes.allSatisfy { $0.kind == .changed }
        let orderChanged = sameSet && current.compactMap { $0["tag"]?.string } != predicted.compactMap { $0["tag"]?.string }
        return ProviderDiff(current: current, predicted: predicted, changes: changes,
                            currentRevision: currentRevision,
                            predictedRevision: ExportedRevision.compute(predicted), orderChanged: orderChanged)
    }

    /// Added, removed and changed inputs between two exported lists (removals first, in the old
    /// list's order, then additions and changes in the new list's order). `removalReason`
    /// explains a tag that is no longer exported.
    public static func changes(from old: [Value], to new: [Value],
                               removalReason: (String) -> ChangeReason = { _ in .noLongerExported }) -> [InputChange] {
        let oldByTag = index(old)
        let newByTag = index(new)
        var changes: [InputChange] = []
        for input in old {
            guard let tag = input["tag"]?.string, newByTag[tag] == nil else { continue }
            changes.append(InputChange(kind: .removed, tag: tag, id: idOf(input, tag), oldDigest: input["digest"]?.string,
                                       newDigest: nil, reason: removalReason(tag)))
        }
        for input in new {
            guard let tag = input["tag"]?.string else { continue }
            guard let previous = oldByTag[tag] else {
                changes.append(InputChange(kind: .added, tag: tag, id: idOf(input, tag), oldDigest: nil,
                                           newDigest: input["digest"]?.string, reason: .newTag))
                continue
            }
            let oldDigest = previous["digest"]?.string, newDigest = input["digest"]?.string
            if oldDigest != newDigest {
                changes.append(InputChange(kind: .changed, tag: tag, id: idOf(input, tag), oldDigest: oldDigest,
                                           newDigest: newDigest, reason: .newDigest))
            } else if previous != input {
                let keys = Set((previous.object?.keys ?? []) + (input.object?.keys ?? []))
                    .filter { previous[$0] != input[$0] }.sorted()
                changes.append(InputChange(kind: .changed, tag: tag, id: idOf(input, tag), oldDigest: oldDigest,
                                           newDigest: newDigest, reason: .valuesChanged(keys: keys)))
            }
        }
        return changes
    }

    private static func index(_ inputs: [Value]) -> [String: Value] {
        var out: [String: Value] = [:]
        for input in inputs {
            if let tag = input["tag"]?.string, out[tag] == nil { out[tag] = input }
        }
        return out
    }

    private static func idOf(_ input: Value, _ tag: String) -> String {
        input["id"]?.string ?? InputID.of(tag: tag)
    }
}
