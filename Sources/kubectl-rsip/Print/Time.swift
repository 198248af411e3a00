import Foundation
import Timestamp

/// Timestamps and ages as Kubernetes prints them.
enum KubeTime {
    /// apimachinery's `HumanDuration`, as kubectl prints AGE.
    static func humanDuration(_ seconds: Double) -> String { HumanDuration.format(seconds) }

    /// Age of a timestamp string as kubectl shows it; `<unknown>` when it does not parse.
    static func age(of timestamp: String?, now: Double) -> String {
        guard let timestamp, !timestamp.isEmpty else { return "<unknown>" }
        guard let t = RFC3339.seconds(timestamp) else { return "<unknown>" }
        return humanDuration(now - t)
    }
}

extension KubeTime {
    /// A time as RFC3339Nano in UTC with trailing zeros trimmed, the format the flux-operator CLI
    /// writes into `reconcile.fluxcd.io/requestedAt`.
    static func rfc3339Nano(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        return RFC3339.format(seconds: Int(whole), nanoseconds: min(999_999_999, Int(((seconds - whole) * 1e9).rounded())))
    }

    /// AGE-style duration since `timestamp`, or nil when it does not parse.
    static func since(_ timestamp: String?, now: Double) -> String? {
        guard let timestamp, let t = RFC3339.seconds(timestamp) else { return nil }
        return humanDuration(now - t)
    }
}
