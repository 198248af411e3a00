import Failure
import Foundation
import Kube
import Provider
import Threads
import YAML

/// What `reconcile` and `resume` do to one provider, and how it ended; printed by
/// `ReconcilePrinter`.
enum ReconcileResult: Sendable {
    /// `reconcile` of a suspended provider: nothing was sent.
    case suspended(InputProvider)
    /// `resume` of a provider that is not suspended: nothing was sent.
    case notSuspended(InputProvider)
    case patchFailed(InputProvider, UserError)
    /// `--dry-run`: the patch (sent with dryRun=All when `server`).
    case dryRun(InputProvider, patch: Value, server: Bool)
    /// `--wait=false`: requested, not waited for.
    case requested(InputProvider, token: String)
    case finished(before: InputProvider, outcome: ReconcileOutcome, seconds: Double, token: String)
    case waitFailed(InputProvider, UserError)

    var ok: Bool {
        switch self {
        case .notSuspended, .dryRun, .requested: return true
        case .finished(_, .ready, _, _): return true
        default: return false
        }
    }
}

/// The shared part of `reconcile` and `resume`: one annotation patch per provider, then (unless
/// `--wait=false`) a watch until the controller answers. Providers run concurrently.
struct ReconcileRun: Sendable {
    var cluster: ClusterWriter
    var force: Bool
    var wait: Bool
    var timeout: Double
    /// resume also removes `fluxcd.controlplane.io/reconcile`.
    var resuming: Bool
    var dryRun: DryRunOption.Mode
    var now: @Sendable () -> Double

    func run(_ providers: [InputProvider]) -> [ReconcileResult] {
        let results = Locked([ReconcileResult?](repeating: nil, count: providers.count))
        // Each wait blocks on a watch: up to 32 at once.
        JoinedThreads.forEach(providers.count, width: 32) { i in
            let result = self.reconcile(providers[i])
            results.withLock { $0[i] = result }
        }
        let done = results.current
        return providers.indices.map {
            done[$0] ?? .waitFailed(providers[$0], UserError("the reconcile did not run"))
        }
    }

    private func reconcile(_ provider: InputProvider) -> ReconcileResult {
        if provider.isSuspended && !resuming { return .suspended(provider) }
        if resuming && !provider.isSuspended { return .notSuspended(provider) }
        let token = KubeTime.rfc3339Nano(now())
        let patch = resuming ? ReconcileAnnotations.resumePatch(token: token)
            : ReconcileAnnotations.requestPatch(token: token, force: force)
        if dryRun == .client { return .dryRun(provider, patch: patch, server: false) }
        let patched: Value
        do {
            patched = try cluster.api.mergePatch(.inputProvider, namespace: provider.namespace, name: provider.name,
                                                 patch: patch, dryRun: dryRun == .server)
        } catch {
            return .patchFailed(provider, UserError(error.message, hint: error.hint, standsAlone: error.standsAlone))
        }
        if dryRun == .server { return .dryRun(provider, patch: patch, server: true) }
        guard wait else { return .requested(provider, token: token) }
        let started = now()
        do {
            let outcome = try waitForAnswer(provider, token: token,
                                            from: patched[path: "metadata", "resourceVersion"]?.string ?? "",
                                            deadline: started + timeout)
            return .finished(before: provider, outcome: outcome, seconds: now() - started, token: token)
        } catch {
            return .waitFailed(provider, UserError(error.message, hint: error.hint, standsAlone: error.standsAlone))
        }
    }

    /// Watches the provider (not polling) until the controller acknowledges `token`.
    private func waitForAnswer(_ provider: InputProvider, token: String, from resourceVersion: String,
                               deadline: Double) throws(KubeError) -> ReconcileOutcome {
        var last: InputProvider?
        var outcome: ReconcileOutcome?
        let api = cluster.reader.api
        func evaluate(_ p: InputProvider) -> ReconcileOutcome? {
            last = p
            return ReconcileAcknowledgement.evaluate(p, token: token, forced: force, before: provider)
        }
        let watch = ResumableWatch(api: api, type: .inputProvider, namespace: provider.namespace,
                                   fieldSelector: "metadata.name=\(provider.name)", now: now)
        let answered = try watch.run(from: resourceVersion, deadline: deadline, relist: { () throws(KubeError) in
            // Our version fell out of the watch window: read the object and watch from there.
            let object = try api.getObject(.inputProvider, namespace: provider.namespace, name: provider.name)
            outcome = evaluate(InputProvider(object))
            return (object[path: "metadata", "resourceVersion"]?.string ?? "", outcome != nil)
        }, onEvent: { event in
            if event.type == "DELETED" {
                outcome = .deleted
                return false
            }
            outcome = evaluate(InputProvider(event.object))
            return outcome == nil
        })
        if answered, let outcome { return outcome }
        return .timedOut(last)
    }
}
