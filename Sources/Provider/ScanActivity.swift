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
        // Only the controller's own writes date a scan: someone editing the status is no pass.
        if let write = latest(writes.filter { $0["manager"]?.string == Self.controllerManager }) {
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
        return Self.late(provider, since: scanned, now: now) ? now - scanned : nil
    }

    /// Seconds since creation when the controller never wrote this provider's status at all
    /// (no status write, no Ready) though it exists longer than twice the interval plus the
    /// timeout and is not suspended: no controller is scanning it. nil otherwise.
    public func neverScanned(_ provider: InputProvider, now: Double) -> Double? {
        guard evidence == nil, !provider.isSuspended,
              let created = provider.creationTimestamp.flatMap(RFC3339.seconds) else { return nil }
        return Self.late(provider, since: created, now: now) ? now - created : nil
    }

    /// Later than twice the interval plus the timeout after `since`; a provider waiting for its
    /// next schedule window (`status.nextSchedule.when` ahead) is on time by design, and once
    /// that time has passed it should run within an interval plus the timeout.
    static func late(_ provider: InputProvider, since: Double, now: Double) -> Bool {
        let schedule = ReconcileSchedule(provider)
        let interval = schedule.intervalSeconds, timeout = schedule.timeoutSeconds
        var deadline = since + 2 * interval + timeout
        if let when = provider.nextSchedule?["when"]?.string.flatMap(RFC3339.seconds) {
            if when > now { return false }
            if when > since { deadline = max(deadline, when + interval + timeout) }
        }
        return now > deadline
    }
}
