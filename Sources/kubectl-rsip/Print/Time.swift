import Foundation
import Timestamp

/// Timestamps and ages as Kubernetes prints them.
enum KubeTime {
    /// apimachinery's `HumanDuration`, as kubectl prints AGE.
    static func humanDuration(_ seconds: Double) -> String {
        // Go truncates toward zero first, so up to 1.99 s of clock skew still reads "0s".
        let s = Int(seconds)
        if s < -1 { return "<invalid>" }
        if s < 0 { return "0s" }
        if s < 60 * 2 { return "\(s)s" }
        let minutes = s / 60
        if minutes < 10 {
            let rest = s % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let dy = (hours / 24) % 365
            return dy == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(dy)d"
        }
        return "\(hours / 24 / 365)y"
    }

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
