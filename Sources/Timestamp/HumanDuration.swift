/// apimachinery's `HumanDuration`, as kubectl prints AGE (`3m20s`, `5h`, `12d`): for every
/// layer that words how long ago something happened.
public enum HumanDuration {
    public static func format(_ seconds: Double) -> String {
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
}
