import Foundation
import Kube

/// A watch that survives what watches go through: the server ends it (timeout, restart), the
/// connection drops, or our resourceVersion falls out of the watch window (410). It reopens from
/// the last version seen, as client-go's retrying watcher does; after a 410 `relist` reads the
/// state again and says where to go on from. A connection that keeps failing is reported.
struct ResumableWatch {
    var api: any KubeReader
    var type: ResourceType
    var namespace: String?
    var labelSelector: String?
    var fieldSelector: String?
    /// Consecutive failed connections tolerated before giving up.
    var maxFailures = 3
    var now: @Sendable () -> Double
    /// Waits between reconnects (the live one sleeps; tests pass a no-op).
    var pause: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    /// Watches from `resourceVersion` until `onEvent` returns false or `stop` says so (true is
    /// returned), or `deadline` passes (false). BOOKMARKs only move the resourceVersion on.
    func run(from resourceVersion: String, deadline: Double? = nil, stop: () -> Bool = { false },
             relist: () throws(KubeError) -> (resourceVersion: String, stop: Bool),
             onEvent: (WatchEvent) -> Bool) throws(KubeError) -> Bool {
        var rv = resourceVersion
        var failures = 0
        var quietRounds = 0
        var stopped = false
        while !stopped && !stop() {
            let remaining = deadline.map { $0 - now() }
            if let remaining, remaining <= 0 { return false }
            var events = 0
            do {
                try api.watch(type, namespace: namespace, resourceVersion: rv, labelSelector: labelSelector,
                              fieldSelector: fieldSelector,
                              timeoutSeconds: remaining.map { max(1, Int($0.rounded(.up))) },
                              // A server that ignores timeoutSeconds (or streams nothing but
                              // whitespace) must not hold us past the deadline for long.
                              clientTimeout: remaining.map { $0 + 0.5 }) { event in
                    failures = 0
                    events += 1
                    if let v = event.object[path: "metadata", "resourceVersion"]?.string { rv = v }
                    if event.type == "BOOKMARK" { return true }
                    if !onEvent(event) { stopped = true }
                    return !stopped
                }
                // A server that ends every watch at once must not make us spin.
                quietRounds = events == 0 ? quietRounds + 1 : 0
                if quietRounds > 1 { pause(min(1, 0.1 * Double(quietRounds))) }
            } catch KubeError.server(let status) where status.code == 410 {
                let (next, stop) = try relist()
                rv = next
                if stop { return true }
            } catch KubeError.unreachable(let server, let cause) {
                failures += 1
                if failures > maxFailures { throw KubeError.unreachable(server: server, cause: cause) }
                let wait = min(0.2 * Double(failures), deadline.map { max(0, $0 - now()) } ?? 1)
                pause(wait)
            }
        }
        return true
    }
}
