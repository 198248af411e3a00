import Analysis
import GoCompat
import Kube
import Provider
import YAML

/// One block per provider for `reconcile` and `resume`.
struct ReconcilePrinter {
    var style: Style
    var timeout: Double

    static func patchLine(_ patch: Value) -> String { "  patch: \(JSON.encodeCompact(patch))\n" }

    func text(_ result: ReconcileResult) -> String {
        switch result {
        case .suspended(let p):
            return style.yellow("\(who(p)): suspended") +
                " (fluxcd.controlplane.io/reconcile: disabled): the controller ignores reconcile requests; nothing sent\n" +
                "  hint: resume it with 'kubectl rsip resume \(p.name) -n \(p.namespace)'\n"
        case .notSuspended(let p):
            return "\(name(p)) is not suspended: nothing to resume, nothing sent\n" +
                "  hint: to make the controller look again: kubectl rsip reconcile \(p.name) -n \(p.namespace)\n"
        case .patchFailed(let p, let failure), .waitFailed(let p, let failure):
            return style.red("\(who(p)): ") + failure.message + "\n" + (failure.hint.map { "  hint: \($0)\n" } ?? "")
        case .dryRun(let p, let patch, let server):
            return "\(name(p)) \(verb(patch)) (\(server ? "server dry run" : "dry run"))\n" + Self.patchLine(patch)
        case .requested(let p, let token):
            return "\(name(p)) \(p.isSuspended ? "resumed" : "reconcile requested") (\(token))\n"
        case .finished(let before, let outcome, let seconds, let token):
            return finished(before, outcome, GoDuration.elapsed(seconds), token)
        }
    }

    private func finished(_ before: InputProvider, _ outcome: ReconcileOutcome, _ took: String, _ token: String) -> String {
        let p = before
        switch outcome {
        case .ready(let after):
            let ready = after.ready
            return style.green("\(who(p)): Ready") + " \(ready?.status ?? "") (\(ready?.reason ?? "")): \(ready?.message ?? "") [\(took)]\n"
                + changes(from: before, to: after)
        case .failed(_, let reason, let message):
            return style.red("\(who(p)): Ready False") + " (\(reason)): \(message) [\(took)]\n" +
                "  hint: the exported inputs were kept as they were; 'kubectl rsip diff \(p.name) -n \(p.namespace)' shows what the registry holds\n"
        case .suspended:
            return style.yellow("\(who(p)): suspended") + " while waiting (fluxcd.controlplane.io/reconcile: disabled)\n"
        case .skippedBySchedule(let after):
            let when = after.nextSchedule?["when"]?.string.map { " (next run \($0))" } ?? ""
            return style.yellow("\(who(p)): acknowledged without scanning") +
                ": outside its schedule window\(when) [\(took)]\n  hint: use --force to reconcile now\n"
        case .deleted:
            return style.red("\(who(p)): deleted") + " while waiting\n"
        case .timedOut(let last):
            let handled = (last ?? p).lastHandledReconcileAt ?? "<none>"
            return style.red("\(who(p)): no answer from the controller") +
                " within \(GoDuration.format(timeout)) (status.lastHandledReconcileAt is \(handled), requested \(token))\n" +
                "  hint: is Flux Operator running (kubectl get deploy -A -l app.kubernetes.io/name=flux-operator)? may it update this namespace (RBAC, --watch-namespace)? a long registry scan can also take up to its reconcileTimeout: try a longer --timeout\n"
        }
    }

    /// What the reconcile changed in exportedInputs, so the user sees its effect.
    private func changes(from before: InputProvider, to after: InputProvider) -> String {
        let changes = InputDiff.changes(from: before.exportedInputs, to: after.exportedInputs)
        if changes.isEmpty { return "  exported inputs unchanged (\(after.exportedInputs.count))\n" }
        return InputChangeLines(style: style, wide: true).lines(changes, indent: "  ", reasons: false)
    }

    /// `registry still ahead: 1 new tag, 2 new digests; ...` under a provider that reconciled,
    /// nothing when the registry holds what it exported.
    func registryCheck(_ outcome: ScanOutcome) -> String {
        switch outcome.result {
        case .failure(let failure):
            return style.yellow("  warning: ") + "could not check the registry afterwards: \(failure.message)\n"
        case .success(let scan):
            let changes = scan.prediction.diff.changes
            let newTags = changes.filter { $0.kind == .added }.count
            let newDigests = changes.filter { $0.reason == .newDigest }.count
            let gone = changes.filter { $0.reason == .deletedTag }.count
            var parts: [String] = []
            if newTags > 0 { parts.append("\(newTags) new tag\(newTags == 1 ? "" : "s")") }
            if newDigests > 0 { parts.append("\(newDigests) new digest\(newDigests == 1 ? "" : "s")") }
            if gone > 0 { parts.append("\(gone) deleted tag\(gone == 1 ? "" : "s")") }
            guard !parts.isEmpty else { return "" }
            let p = outcome.provider
            return style.yellow("  registry still ahead: ") + parts.joined(separator: ", ")
                + "; the controller's scan did not see them\n"
                + "  hint: kubectl rsip diff \(p.name) -n \(p.namespace) shows them\n"
        }
    }

    private func who(_ p: InputProvider) -> String { "\(p.namespace)/\(p.name)" }
    private func name(_ p: InputProvider) -> String { "\(ResourceType.inputProvider.qualifiedSingular)/\(p.name)" }

    private func verb(_ patch: Value) -> String {
        let annotations = patch[path: "metadata", "annotations"]?.object
        return annotations?[ReconcileAnnotations.reconcile] != nil ? "resumed" : "reconcile requested"
    }
}
