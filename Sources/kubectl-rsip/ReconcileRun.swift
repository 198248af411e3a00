import Analysis
import ArgumentParser
import Foundation
import Kube
import Provider
import Threads
import YAML

/// The shared part of reconcile and resume: one annotation patch per provider, then (unless
/// --wait=false) a watch until the controller answers; providers run concurrently and each
/// gets one result block.
struct ReconcileRun {
    var session: ClusterSession
    var force: Bool
    var wait: Bool
    var timeout: Double
    /// resume also removes `fluxcd.controlplane.io/reconcile`.
    var resuming: Bool
    var style: Style

    struct Result {
        var text: String
        var ok: Bool
    }

    /// The whole of `reconcile` and `resume`: pick the providers, run, print, exit 1 if any failed.
    static func execute(command: String, kube: KubeOptions, scope: ProviderScope, waiting: WaitOptions,
                        force: Bool, resuming: Bool, noColor: Bool) throws {
        try scope.check(command: command)
        let timeout = try waiting.seconds()
        let session = try ClusterSession(options: kube)
        let providers = try scope.providers(in: session)
        if providers.isEmpty {
            FileHandle.standardError.write(Data("No resources found\(scope.allNamespaces ? "" : " in \(session.namespace) namespace").\n".utf8))
            return
        }
        let results = ReconcileRun(session: session, force: force, wait: waiting.wait, timeout: timeout,
                                   resuming: resuming, style: Style(noColorFlag: noColor)).run(providers)
        print(results.map(\.text).joined(), terminator: "")
        if results.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }

    func run(_ providers: [InputProvider]) -> [Result] {
        let results = Slots<Result>(count: providers.count)
        // Each wait blocks on a watch: up to 32 at once.
        JoinedThreads.forEach(providers.count, width: 32) { i in
            results.set(i, self.reconcile(providers[i]))
        }
        return (0..<providers.count).map { results.get($0) ?? Result(text: "", ok: false) }
    }

    private func reconcile(_ provider: InputProvider) -> Result {
        let who = "\(provider.namespace)/\(provider.name)"
        if provider.isSuspended && !resuming {
            return Result(text: style.yellow("\(who): suspended") +
                " (fluxcd.controlplane.io/reconcile: disabled): the controller ignores reconcile requests\n" +
                "  hint: resume it with 'kubectl rsip resume \(provider.name) -n \(provider.namespace)'\n", ok: false)
        }
        let token = KubeTime.nowRFC3339Nano()
        var annotations: [(String, Value)] = [("reconcile.fluxcd.io/requestedAt", .string(token))]
        if force { annotations.append(("reconcile.fluxcd.io/forceAt", .string(token))) }
        if resuming { annotations.append(("fluxcd.controlplane.io/reconcile", .null)) }
        let patch: Value = ["metadata": ["annotations": .object(Value.Object(annotations))]]
        let patched: Value
        do {
            patched = try session.client.mergePatch(.inputProvider, namespace: provider.namespace, name: provider.name,
                                                    patch: patch)
        } catch {
            let failure = CommandFailure(wrapping: error) ?? CommandFailure(String(describing: error))
            return Result(text: style.red("\(who): ") + failure.message + "\n" + (failure.hint.map { "  hint: \($0)\n" } ?? ""),
                          ok: false)
        }
        let verb = resuming ? "resumed" : "reconcile requested"
        guard wait else {
            return Result(text: "\(ResourceType.inputProvider.qualifiedSingular)/\(provider.name) \(verb) (\(token))\n", ok: true)
        }
        let started = Date()
        let waiter = ReconcileWaiter(client: session.client, namespace: provider.namespace, name: provider.name,
                                     token: token, forced: force, before: provider)
        let outcome: ReconcileOutcome
        do {
            outcome = try waiter.wait(from: patched[path: "metadata", "resourceVersion"]?.string ?? "",
                                      deadline: started.addingTimeInterval(timeout))
        } catch {
            let failure = CommandFailure(wrapping: error) ?? CommandFailure(String(describing: error))
            return Result(text: style.red("\(who): ") + failure.message + "\n", ok: false)
        }
        let took = Self.seconds(Date().timeIntervalSince(started))
        switch outcome {
        case .ready(let after):
            let ready = after.ready
            var text = style.green("\(who): Ready") + " \(ready?.status ?? "") (\(ready?.reason ?? "")): \(ready?.message ?? "") [\(took)]\n"
            text += changes(from: provider, to: after)
            return Result(text: text, ok: true)
        case .failed(_, let reason, let message):
            return Result(text: style.red("\(who): Ready False") + " (\(reason)): \(message) [\(took)]\n" +
                "  hint: the exported inputs were kept as they were; 'kubectl rsip diff \(provider.name) -n \(provider.namespace)' shows what the registry holds\n",
                ok: false)
        case .suspended:
            return Result(text: style.yellow("\(who): suspended") + " while waiting (fluxcd.controlplane.io/reconcile: disabled)\n", ok: false)
        case .skippedBySchedule(let after):
            let when = after.nextSchedule?["when"]?.string.map { " (next run \($0))" } ?? ""
            return Result(text: style.yellow("\(who): acknowledged without scanning") +
                ": outside its schedule window\(when) [\(took)]\n  hint: use --force to reconcile now\n", ok: false)
        case .deleted:
            return Result(text: style.red("\(who): deleted") + " while waiting\n", ok: false)
        case .timedOut(let last):
            let handled = (last ?? provider).lastHandledReconcileAt ?? "<none>"
            return Result(text: style.red("\(who): no answer from the controller") +
                " within \(Self.seconds(timeout)) (status.lastHandledReconcileAt is \(handled), requested \(token))\n" +
                "  hint: is Flux Operator running (kubectl get deploy -A -l app.kubernetes.io/name=flux-operator)? may it update this namespace (RBAC, --watch-namespace)? a long registry scan can also take up to its reconcileTimeout: try a longer --timeout\n",
                ok: false)
        }
    }

    /// What the reconcile changed in exportedInputs, so the user sees its effect.
    private func changes(from before: InputProvider, to after: InputProvider) -> String {
        let changes = InputDiff.changes(from: before.exportedInputs, to: after.exportedInputs)
        if changes.isEmpty {
            return "  exported inputs unchanged (\(after.exportedInputs.count))\n"
        }
        var out = ""
        for change in changes {
            switch change.kind {
            case .added: out += style.green("  + \(change.tag)  \(change.newDigest ?? "")") + "\n"
            case .removed: out += style.red("  - \(change.tag)  \(change.oldDigest ?? "")") + "\n"
            case .changed:
                out += style.yellow("  ~ \(change.tag)  \(change.oldDigest ?? "") -> \(change.newDigest ?? "")") + "  (\(change.reason.phrase))\n"
            }
        }
        return out
    }

    static func seconds(_ s: Double) -> String {
        s < 10 ? String(format: "%.1fs", s) : KubeTime.humanDuration(s)
    }
}
