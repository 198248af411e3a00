import Foundation
import Kube
import Provider
import YAML

/// How one requested reconcile ended, as the controller reported it (spec 4.2-4.3).
enum ReconcileOutcome {
    case ready(InputProvider)
    case failed(InputProvider, reason: String, message: String)
    case suspended(InputProvider)
    /// Acknowledged without a scan: outside every schedule window.
    case skippedBySchedule(InputProvider)
    case deleted
    case timedOut(InputProvider?)
}

/// Waits for the controller's acknowledgement with a watch, not polling: done when
/// `status.lastHandledReconcileAt` equals the token and Ready's observedGeneration matches.
struct ReconcileWaiter {
    var client: KubeClient
    var namespace: String
    var name: String
    var token: String
    var forced: Bool
    /// The provider as it was before the request, to tell a schedule skip from a real pass.
    var before: InputProvider

    func wait(from resourceVersion: String, deadline: Date) throws -> ReconcileOutcome {
        var rv = resourceVersion
        var last: InputProvider?
        var transportFailures = 0
        while Date() < deadline {
            var outcome: ReconcileOutcome?
            let remaining = deadline.timeIntervalSinceNow
            do {
                try client.watch(.inputProvider, namespace: namespace, resourceVersion: rv,
                                 fieldSelector: "metadata.name=\(name)",
                                 timeoutSeconds: max(1, Int(remaining.rounded(.up))),
                                 // A server that ignores timeoutSeconds (or streams nothing but
                                 // whitespace) must not hold us past --timeout for long.
                                 clientTimeout: remaining + 0.5) { event in
                    if let v = event.object[path: "metadata", "resourceVersion"]?.string { rv = v }
                    switch event.type {
                    case "BOOKMARK":
                        return true
                    case "DELETED":
                        outcome = .deleted
                        return false
                    default:
                        let provider = InputProvider(event.object)
                        last = provider
                        outcome = evaluate(provider)
                        return outcome == nil && Date() < deadline
                    }
                }
            } catch KubeError.server(let status) where status.code == 410 {
                // Our version fell out of the watch window: read the object and watch from there.
                let object = try client.getObject(.inputProvider, namespace: namespace, name: name)
                rv = object[path: "metadata", "resourceVersion"]?.string ?? ""
                let provider = InputProvider(object)
                last = provider
                outcome = evaluate(provider)
            } catch KubeError.unreachable(let server, let cause) {
                // A watch cut mid-stream is re-opened from the last version seen, as client-go's
                // retrying watcher does; a connection that keeps failing is reported.
                transportFailures += 1
                if Date() >= deadline { break }
                if transportFailures > 3 { throw KubeError.unreachable(server: server, cause: cause) }
                Thread.sleep(forTimeInterval: min(0.2 * Double(transportFailures), max(0, deadline.timeIntervalSinceNow)))
            }
            if let outcome { return outcome }
        }
        return .timedOut(last)
    }

    func evaluate(_ p: InputProvider) -> ReconcileOutcome? {
        if p.isSuspended { return .suspended(p) }
        guard p.lastHandledReconcileAt == token, let ready = p.ready else { return nil }
        if let observed = ready.observedGeneration, let generation = p.generation, observed != generation { return nil }
        // A schedule skip writes the token and leaves the old Ready condition untouched.
        if !forced, p.nextSchedule?.object != nil, let old = before.ready,
           old.lastTransitionTime == ready.lastTransitionTime, old.message == ready.message {
            return .skippedBySchedule(p)
        }
        switch ready.status {
        case "True": return .ready(p)
        case "False" where ready.reason != "HealthCheckCanceled": return .failed(p, reason: ready.reason, message: ready.message)
        default: return nil
        }
    }
}
