import YAML

/// How a live object stands: Flux objects by their Ready condition (and the revision they hold
/// against the exported digest), Deployments, StatefulSets and DaemonSets by kubectl's rollout
/// rules, anything else by being there.
public struct WhyObjectState: Sendable, Equatable {
    public var state: WhyState
    public var reason: String?
    public var message: String?
    public var revision: String?
    /// The Ready condition's own status (`True`, `False`, `Unknown`), when the object has one.
    public var condition: String? = nil

    /// Ready=False reasons that mean "still working on it", not a failure.
    static let progressingReasons: Set<String> = ["Progressing", "ProgressingWithRetry", "DependencyNotReady", "Reconciling"]

    public static func of(_ object: Value, kind: String, exportedDigest: String?) -> WhyObjectState {
        switch kind {
        case "Deployment": return deployment(object)
        case "StatefulSet": return statefulSet(object)
        case "DaemonSet": return daemonSet(object)
        default: break
        }
        let conditions = object[path: "status", "conditions"]?.array ?? []
        guard let ready = conditions.first(where: { $0["type"]?.string == "Ready" }) else {
            if object[path: "status", "conditions"] != nil || isFlux(object) {
                return WhyObjectState(state: .progressing, reason: "NoReadyCondition", message: "not reconciled yet")
            }
            return WhyObjectState(state: .ready, reason: "Present", message: nil)
        }
        let status = ready["status"]?.string ?? "Unknown"
        let reason = ready["reason"]?.string
        let message = ready["message"]?.string
        let revision = object[path: "status", "artifact", "revision"]?.string
            ?? object[path: "status", "lastAppliedRevision"]?.string
        var out = WhyObjectState(state: .ready, reason: reason, message: message, revision: revision, condition: status)
        switch status {
        case "True": break
        case "False":
            out.state = progressingReasons.contains(reason ?? "") ? .progressing : .failing
            return out
        default:
            out.state = .progressing
            return out
        }
        if let generation = object[path: "metadata", "generation"]?.int,
           let observed = object[path: "status", "observedGeneration"]?.int, observed < generation {
            out.state = .progressing
            out.reason = "Reconciling"
            out.message = "generation \(generation) not observed yet (observed \(observed))"
            return out
        }
        // Ready, but at the digest the provider exports?
        if let digest = exportedDigest, !digest.isEmpty {
            if let artifact = object[path: "status", "artifact", "digest"]?.string, artifact != digest {
                out.state = .progressing
                out.reason = "Outdated"
                out.message = "artifact \(artifact), the provider exports \(digest)"
            } else if kind == "Kustomization" || kind == "HelmRelease",
                      let applied = object[path: "status", "lastAppliedRevision"]?.string, !applied.contains(digest) {
                out.state = .progressing
                out.reason = "Outdated"
                out.message = "applied revision \(applied), the provider exports \(digest)"
            }
        }
        if let attempted = object[path: "status", "lastAttemptedRevision"]?.string,
           let applied = object[path: "status", "lastAppliedRevision"]?.string, attempted != applied {
            out.state = .failing
            out.message = "revision \(attempted) was attempted and not applied; \(applied) is still running" + (message.map { ": \($0)" } ?? "")
        }
        return out
    }

    static func isFlux(_ object: Value) -> Bool {
        (object["apiVersion"]?.string ?? "").contains(".toolkit.fluxcd.io/") || (object["apiVersion"]?.string ?? "").hasPrefix("fluxcd.controlplane.io/")
    }

    private static func int(_ object: Value, _ keys: String...) -> Int64 {
        var current: Value? = object
        for k in keys { current = current?[k] }
        return current?.int ?? 0
    }

    private static func generationPending(_ object: Value) -> WhyObjectState? {
        let generation = int(object, "metadata", "generation")
        let observed = int(object, "status", "observedGeneration")
        return observed < generation
            ? WhyObjectState(state: .progressing, reason: "Rolling", message: "waiting for the spec update to be observed")
            : nil
    }

    /// kubectl rollout status for a Deployment.
    static func deployment(_ d: Value) -> WhyObjectState {
        if let pending = generationPending(d) { return pending }
        let progressing = (d[path: "status", "conditions"]?.array ?? []).first { $0["type"]?.string == "Progressing" }
        if progressing?["reason"]?.string == "ProgressDeadlineExceeded" {
            return WhyObjectState(state: .failing, reason: "ProgressDeadlineExceeded",
                                  message: "deployment \"\(d[path: "metadata", "name"]?.string ?? "")\" exceeded its progress deadline")
        }
        let wanted = d[path: "spec", "replicas"]?.int ?? 1
        let replicas = int(d, "status", "replicas"), updated = int(d, "status", "updatedReplicas")
        let available = int(d, "status", "availableReplicas")
        if updated < wanted {
            return WhyObjectState(state: .progressing, reason: "Rolling", message: "\(updated) out of \(wanted) new replicas have been updated")
        }
        if replicas > updated {
            return WhyObjectState(state: .progressing, reason: "Rolling", message: "\(replicas - updated) old replicas are pending termination")
        }
        if available < updated {
            return WhyObjectState(state: .progressing, reason: "Rolling", message: "\(available) of \(updated) updated replicas are available")
        }
        return WhyObjectState(state: .ready, reason: "\(available)/\(wanted) available", message: nil)
    }

    static func statefulSet(_ s: Value) -> WhyObjectState {
        if let pending = generationPending(s) { return pending }
        let wanted = s[path: "spec", "replicas"]?.int ?? 1
        let ready = int(s, "status", "readyReplicas"), updated = int(s, "status", "updatedReplicas")
        if ready < wanted {
            return WhyObjectState(state: .progressing, reason: "Rolling", message: "\(ready) of \(wanted) pods are ready")
        }
        if updated < wanted, s[path: "spec", "updateStrategy", "type"]?.string != "OnDelete" {
            return WhyObjectState(state: .progressing, reason: "Rolling", message: "\(updated) of \(wanted) pods are updated")
        }
        return WhyObjectState(state: .ready, reason: "\(ready)/\(wanted) ready", message: nil)
    }

    static func daemonSet(_ d: Value) -> WhyObjectState {
        if let pending = generationPending(d) { return pending }
        let desired = int(d, "status", "desiredNumberScheduled")
        let updated = int(d, "status", "updatedNumberScheduled"), available = int(d, "status", "numberAvailable")
        if updated < desired {
            return WhyObjectState(state: .progressing, reason: "Rolling", message: "\(updated) out of \(desired) new pods have been updated")
        }
        if available < desired {
            return WhyObjectState(state: .progressing, reason: "Rolling", message: "\(available) of \(desired) updated pods are available")
        }
        return WhyObjectState(state: .ready, reason: "\(available)/\(desired) available", message: nil)
    }
}
