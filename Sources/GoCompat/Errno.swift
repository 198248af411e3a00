#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's wording for a system error: `strerror` in lower case (`no such file or directory`),
/// which kubectl's messages embed and users search for.
public enum Errno {
    public static func text(_ code: Int32) -> String {
        guard let c = strerror(code) else { return "errno \(code)" }
        let s = String(cString: c)
        return s.prefix(1).lowercased() + s.dropFirst()
    }
}
