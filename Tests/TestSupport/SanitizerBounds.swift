import Foundation

/// Peak-memory bounds for the plugin's processes, in MiB. Under a sanitizer (`scripts/sanitize.sh`
/// sets `RSIP_SANITIZER`), shadow memory and AddressSanitizer's quarantine (freed memory held back
/// to catch use-after-free) multiply the RSS of the very same work, so the bounds scale with it:
/// still bounds, only looser.
public enum PeakMemory {
    public static var factor: Int {
        switch ProcessInfo.processInfo.environment["RSIP_SANITIZER"] {
        case "address": return 4
        case "thread": return 8
        default: return 1
        }
    }

    /// `mebibytes` for a normal build, scaled under a sanitizer.
    public static func limit(_ mebibytes: Int) -> Int { mebibytes * factor }
}

/// Time bounds for the plugin's processes, in seconds, the same way: instrumented code and a
/// slower start (ThreadSanitizer maps its shadow memory first) stretch every run.
public enum TimeBound {
    public static func seconds(_ s: Double) -> Double {
        switch ProcessInfo.processInfo.environment["RSIP_SANITIZER"] {
        case "address": return s * 2
        case "thread": return s * 3
        default: return s
        }
    }
}
