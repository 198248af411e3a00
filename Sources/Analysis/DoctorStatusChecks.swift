import Foundation
import Provider
import Timestamp
import YAML

extension Doctor {
    /// How much of a condition message a finding quotes: shortened in the middle as `get`
    /// shortens STATUS, wider, since the cause comes last and the line has room.
    public static let causeWidth = 100

    /// Suspended, NotReady, StaleReady, NotScanning: what the provider's own status says.
    static func statusFindings(_ p: InputProvider, _ input: DoctorInput) -> [DoctorFinding] {
        var out: [DoctorFinding] = []
        let fix = Fix(provider: p)
        func finding(_ code: DoctorCode, _ message: String, _ fixText: String) {
            out.append(DoctorFinding(code: code, object: .provider(p), provider: p.key, message: message, fix: fixText))
        }
        if p.isSuspended {
            finding(.suspended, "reconciliation is disabled (fluxcd.controlplane.io/reconcile: disabled): it scans nothing "
                        + "and keeps exporting its last \(p.exportedInputs.count) input(s)", fix.resume)
        }
        if let ready = p.ready, ready.status == "False" {
            let reason = ready.reason.isEmpty ? "" : " (\(ready.reason))"
            finding(.notReady, "Ready is False\(reason): \(ConditionMessage.oneLine(ready.message, width: causeWidth))",
                    notReadyFix(p, ready, input))
        }
        guard !p.isSuspended else { return out }
        if let ready = p.ready, let observed = ready.observedGeneration, let generation = p.generation, observed < generation {
            finding(.staleReady, "Ready is from generation \(observed) but the spec is at generation \(generation): "
                        + "the controller has not reconciled the latest change", fix.reconcile)
        }
        if let stalled = notScanning(p, now: input.now) {
            finding(.notScanning, stalled, fix.reconcile + "; if that times out, the operator is not running: "
                        + "kubectl get pods -A -l app.kubernetes.io/name=flux-operator")
        }
        return out
    }

    /// The fix of a failed Ready: the field at fault for the controller's terminal reasons,
    /// credentials for a registry that refused them, else a reconcile once the cause is fixed.
    static func notReadyFix(_ p: InputProvider, _ ready: InputProvider.Condition, _ input: DoctorInput) -> String {
        let fix = Fix(provider: p)
        switch ready.reason {
        case "InvalidSchedule":
            return "fix spec.schedule: a 5-field cron (or @every), and a window of 0s or at least twice the reconcileTimeout"
        case "InvalidDefaultValues":
            return "fix spec.defaultValues: a mapping of JSON values"
        case "InvalidSpec":
            return "fix the spec as the message says, then: \(fix.reconcile)"
        default:
            break
        }
        let message = ready.message.uppercased()
        if ["UNAUTHORIZED", "DENIED", "AUTHENTICATION REQUIRED", " 401 ", " 403 "].contains(where: message.contains) {
            let host = input.repositories[p.key]?.registry ?? registryHost(of: p.url ?? "")
            let create = "kubectl create secret docker-registry %@ -n \(p.namespace) --docker-server=\(host) "
                + "--docker-username=USER --docker-password=TOKEN"
            if let secret = p.object[path: "spec", "secretRef", "name"]?.string, !secret.isEmpty {
                return "\(host) refused the credentials of Secret \(p.namespace)/\(secret): replace them: "
                    + create.replacingOccurrences(of: "%@", with: secret) + " --dry-run=client -o yaml | kubectl apply -f -"
            }
            return "give the controller credentials for \(host): " + create.replacingOccurrences(of: "%@", with: "NAME")
                + ", and set spec.secretRef.name: NAME"
        }
        return "after fixing the cause: \(fix.reconcile) (the whole message: \(fix.get))"
    }

    /// The first path segment of `oci://HOST/...`, for wording fixes when the command did not
    /// parse the URL itself.
    static func registryHost(of url: String) -> String {
        let rest = url.hasPrefix("oci://") ? url.dropFirst(6) : Substring(url)
        return rest.split(separator: "/").first.map(String.init) ?? url
    }

    /// Why the provider looks like nobody scans it, or nil (`ScanActivity`: the controller's
    /// last status write, as `get` reads it).
    static func notScanning(_ p: InputProvider, now: Double) -> String? {
        let schedule = ReconcileSchedule(p)
        let every = "every \(schedule.interval)\(schedule.intervalIsDefault ? " (default)" : ""), timeout \(schedule.timeout)"
        let scans = ScanActivity(p)
        if let created = scans.neverScanned(p, now: now) {
            return "the controller has never written its status, created \(HumanDuration.format(created)) ago "
                + "(\(every)): no controller is scanning it"
        }
        guard let overdue = scans.overdue(p, now: now) else { return nil }
        return "the controller last wrote its status \(HumanDuration.format(overdue)) ago, more than twice the "
            + "interval plus the timeout (\(every)): nothing is scanning it"
    }
}
