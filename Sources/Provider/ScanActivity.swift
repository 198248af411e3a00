import GoCompat
import Timestamp
import YAML

/// When the controller last scanned a provider, when it was last asked to, and whether it is
/// overdue. The last scan is the controller's last write of the status subresource (its
/// `managedFields` entry: the controller writes status after every pass, with or without a
/// request), else Ready's `lastTransitionTime`; `lastHandledReconcileAt` only says when a
/// requested reconcile was handled, so a provider scanning every 10 minutes may have none.
public struct ScanActivity: Sendable, Equatable {
    /// The field manager of Flux Operator's controller.
    public static let controllerManager = "flux-operator"

    public enum Evidence: Sendable, Equatable {
        /// A `managedFields` entry for the status subresource, written by this manager.
        case statusWrite(manager: String)
        /// Ready's `lastTransitionTime` (no status write recorded).
        case readyTransition
    }

    /// RFC 3339; nil when the controller has never reported.
    public var lastScan: String?
    public var evidence: Evidence?
    /// `status.lastHandledReconcileAt`: the last handled `reconcile.fluxcd.io/requestedAt`.
    public var lastRequest: String?

    public init(_ provider: InputProvider) {
        lastRequest = provider.lastHandledReconcileAt.flatMap { $0.isEmpty ? nil : $0 }
        let writes = (provider.object[path: "metadata", "managedFields"]?.array ?? []).filter {
            $0["subresource"]?.string == "status" && $0["operation"]?.string == "Update" && $0["time"]?.string != nil
        }
        func latest(_ entries: [Value]) -> Value? {
            entries.max { (RFC3339.seconds($0["time"]?.string ?? "") ?? 0) < (RFC3339.seconds($1["time"]?.string ?? "") ?? 0) }
        }
        // The controller's own writes first; someone else editing status is a weaker sign.
        if let write = latest(writes.filter { $0["manager"]?.string == Self.controllerManager }) ?? latest(writes) {
            lastScan = write["time"]?.string
            evidence = .statusWrite(manager: write["manager"]?.string ?? "")
        } else if let changed = provider.ready?.lastTransitionTime, !changed.isEmpty {
            lastScan = changed
            evidence = .readyTransition
        }
    }

    /// How long ago the last scan was, when that is more than twice the interval plus the
    /// timeout on a provider that should be scanning: not suspended, and not waiting for its
    /// next schedule window. nil when it is on time or cannot be judged: Ready's transition time
    /// only moves when Ready changes, so a healthy provider's can be weeks old; only a recorded
    /// status write dates the last pass.
    public func overdue(_ provider: InputProvider, now: Double) -> Double? {
        guard case .statusWrite? = evidence, !provider.isSuspended, let lastScan,
              let scanned = RFC3339.seconds(lastScan) else { return nil }
        let schedule = ReconcileSchedule(provider)
        guard let interval = GoDuration.parse(schedule.interval), let timeout = GoDuration.parse(schedule.timeout) else { return nil }
        var since = scanned
        if schedule.schedules.contains(where: { $0.window != "0s" && !$0.window.isEmpty }),
           let when = provider.nextSchedule?["when"]?.string.flatMap(RFC3339.seconds) {
            // Outside its windows the controller waits for the next one, by design.
            if when > now { return nil }
            since = max(since, when)
        }
        let age = now - scanned
        return now - since > 2 * interval + timeout ? age : nil
    }
}
