import GoCompat
import YAML

/// The annotations through which the controller is asked to act (spec 4.1), and the merge
/// patches the plugin sends: they touch these keys and nothing else.
public enum ReconcileAnnotations {
    public static let requestedAt = "reconcile.fluxcd.io/requestedAt"
    /// Must be byte-identical to `requestedAt` to bypass a schedule.
    public static let forceAt = "reconcile.fluxcd.io/forceAt"
    /// `disabled` suspends the provider (compared case-insensitively by the controller).
    public static let reconcile = "fluxcd.controlplane.io/reconcile"
    public static let reconcileEvery = "fluxcd.controlplane.io/reconcileEvery"
    public static let reconcileTimeout = "fluxcd.controlplane.io/reconcileTimeout"

    /// `reconcile`: requestedAt (and with `force`, forceAt) set to `token`.
    public static func requestPatch(token: String, force: Bool) -> Value {
        var annotations: [(String, Value)] = [(requestedAt, .string(token))]
        if force { annotations.append((forceAt, .string(token))) }
        return patch(annotations)
    }

    /// `resume`: the suspension removed and a reconcile requested, in one patch.
    public static func resumePatch(token: String) -> Value {
        patch([(requestedAt, .string(token)), (reconcile, .null)])
    }

    /// `suspend`: the controller ignores the provider; its last exported inputs stay in use.
    public static let suspendPatch: Value = patch([(reconcile, "disabled")])

    private static func patch(_ annotations: [(String, Value)]) -> Value {
        ["metadata": ["annotations": .object(Value.Object(annotations))]]
    }
}

/// How one requested reconcile ended, as the controller reported it (spec 4.2-4.3).
public enum ReconcileOutcome: Sendable {
    case ready(InputProvider)
    case failed(InputProvider, reason: String, message: String)
    case suspended(InputProvider)
    /// Acknowledged without a scan: outside every schedule window.
    case skippedBySchedule(InputProvider)
    case deleted
    case timedOut(InputProvider?)
}

/// The controller's acknowledgement of a reconcile request: done when `lastHandledReconcileAt`
/// equals the token and Ready's observedGeneration matches (spec 4.3).
public enum ReconcileAcknowledgement {
    /// The outcome `p` shows for `token`, or nil while the controller is still at work.
    /// `before` is the provider as it was before the request, to tell a schedule skip (the token
    /// is written, the old Ready condition stays untouched) from a real pass.
    public static func evaluate(_ p: InputProvider, token: String, forced: Bool, before: InputProvider) -> ReconcileOutcome? {
        if p.isSuspended { return .suspended(p) }
        guard p.lastHandledReconcileAt == token, let ready = p.ready else { return nil }
        if let observed = ready.observedGeneration, let generation = p.generation, observed != generation { return nil }
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

/// When the controller runs a provider (spec 4.6): `spec.schedule`, the interval and timeout
/// annotations, with the controller's defaults.
public struct ReconcileSchedule: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        public var cron: String
        /// Defaults to UTC.
        public var timeZone: String
        /// `0s` (the default) means the schedule only sets when passes start.
        public var window: String

        public init(cron: String, timeZone: String = "UTC", window: String = "0s") {
            self.cron = cron; self.timeZone = timeZone; self.window = window
        }

        /// The window in seconds; 0 (passes may start at any time) for `0s` or an unreadable one.
        public var windowSeconds: Double { GoDuration.parse(window) ?? 0 }
    }

    public var schedules: [Window]
    /// `reconcileEvery`, or 10m when unset or not a Go duration.
    public var interval: String
    public var intervalIsDefault: Bool
    /// `reconcileTimeout`, or 2m when unset or not a Go duration.
    public var timeout: String
    public var timeoutIsDefault: Bool

    public init(_ provider: InputProvider) {
        schedules = (provider.object[path: "spec", "schedule"]?.array ?? []).map {
            Window(cron: $0["cron"]?.string ?? "", timeZone: $0["timeZone"]?.string ?? "UTC",
                   window: $0["window"]?.string ?? "0s")
        }
        func duration(_ key: String, default fallback: String) -> (String, Bool) {
            guard let text = provider.annotations[key]?.string, GoDuration.parse(text) != nil else { return (fallback, true) }
            return (text, false)
        }
        (interval, intervalIsDefault) = duration(ReconcileAnnotations.reconcileEvery, default: "10m")
        (timeout, timeoutIsDefault) = duration(ReconcileAnnotations.reconcileTimeout, default: "2m")
    }

    /// `interval` in seconds.
    public var intervalSeconds: Double { GoDuration.parse(interval) ?? 600 }
    /// `timeout` in seconds.
    public var timeoutSeconds: Double { GoDuration.parse(timeout) ?? 120 }

    /// Every schedule has a window, so a pass may only start inside one: a webhook or a plain
    /// `reconcile` outside them is skipped (`SkippedDueToSchedule`); only a forced one runs.
    /// A schedule with window `0s` lets any requested pass run (spec 4.6).
    public var restrictsPassesToWindows: Bool {
        !schedules.isEmpty && schedules.allSatisfy { $0.windowSeconds > 0 }
    }
}
