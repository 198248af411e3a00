import Foundation
import HTTP
import Timestamp

/// When to try a request again and how long to wait first. The controller (ggcr) retries 408,
/// 429, 499, 500, 502, 503, 504 and 522 and temporary network errors, waiting 1 s then 3 s; we
/// use the same statuses with exponential backoff and honour `Retry-After`.
struct RetryPolicy: Sendable {
    var maxAttempts: Int
    var baseDelay: Double = 0.5
    var maxDelay: Double = 10

    static let retryableStatuses: Set<Int> = [408, 429, 499, 500, 502, 503, 504, 522]

    func shouldRetry(status: Int) -> Bool { Self.retryableStatuses.contains(status) }

    /// Connection trouble is worth another try; TLS, URL and size errors are not.
    func shouldRetry(_ error: HTTPError) -> Bool {
        switch error {
        case .transport, .aborted, .connectionRefused: return true
        case .timedOut: return false // the deadline is the request timeout: nothing is left
        default: return false
        }
    }

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
    func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return max(0, min(retryAfter, 60)) }
        let exp = baseDelay * pow(2, Double(max(0, attempt - 1)))
        // ±10 % jitter, like ggcr, so parallel retries do not arrive in lock step.
        return min(maxDelay, exp * Double.random(in: 0.9...1.1))
    }

    /// `Retry-After`: delta-seconds or an HTTP-date (RFC 7231 IMF-fixdate, also RFC 850/asctime).
    static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let v = value?.trimmingSpaces, !v.isEmpty else { return nil }
        if let s = Double(v), s >= 0, s.isFinite { return s }
        return HTTPDate.seconds(v).map { max(0, $0 - now.timeIntervalSince1970) }
    }
}

/// The absolute end of one public call; every request's timeout is what is left of it.
struct Deadline: Sendable {
    let end: DispatchTime
    let seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
        end = DispatchTime.now() + .nanoseconds(Int(max(0, seconds) * 1e9))
    }

    var remaining: Double {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= end.uptimeNanoseconds ? 0 : Double(end.uptimeNanoseconds - now) / 1e9
    }
    var passed: Bool { remaining <= 0.001 }

    /// Sleeps `seconds` unless that would cross the deadline; false when it would.
    func sleep(_ seconds: Double) -> Bool {
        guard seconds < remaining else { return false }
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
        return true
    }
}
