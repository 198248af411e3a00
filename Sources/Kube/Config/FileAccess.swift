import Foundation
import GoCompat
#if canImport(Glibc)
import Glibc
#endif

/// File reads that fail with Go's wording (`open /p: no such file or directory`), because
/// kubectl's messages embed those strings and users search for them.
enum FileAccess {
    struct ReadError: Error, Equatable, CustomStringConvertible {
        var operation: String  // "open", "read" or "stat"
        var path: String
        var reason: String
        var description: String { "\(operation) \(path): \(reason)" }
        var isNotFound: Bool { reason == "no such file or directory" }
    }

    static func read(_ path: String) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(ReadError(operation: "open", path: path, reason: reason(errno))) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(operation: "read", path: path, reason: reason(errno)))
            }
            if n == 0 { return .success(out) }
            out.append(contentsOf: buffer[0..<n])
        }
    }

    /// Like Go's os.Open check in clientcmd validation: can the file be opened?
    static func openable(_ path: String) -> ReadError? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return ReadError(operation: "open", path: path, reason: reason(errno)) }
        close(fd)
        return nil
    }

    enum Kind { case missing, file, directory, other }

    static func kind(_ path: String) -> (Kind, ReadError?) {
        var st = stat()
        if stat(path, &st) != 0 {
            let e = errno
            let err = ReadError(operation: "stat", path: path, reason: reason(e))
            return (e == ENOENT || e == ENOTDIR ? .missing : .other, err)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (.file, nil)
        case S_IFDIR: return (.directory, nil)
        default: return (.other, nil)
        }
    }

    static func isExecutableFile(_ path: String) -> Bool {
        kind(path).0 == .file && access(path, X_OK) == 0
    }

    /// Go prints errno texts in lower case ("permission denied").
    static func reason(_ code: Int32) -> String { Errno.text(code) }
}

/// Path helpers with Go's `filepath.Join`/`Clean` behaviour (absolute results, `.`/`..` removed).
enum PathUtil {
    static func isAbsolute(_ p: String) -> Bool { p.hasPrefix("/") }

    static func clean(_ p: String) -> String {
        let absolute = p.hasPrefix("/")
        var parts: [Substring] = []
        for comp in p.split(separator: "/", omittingEmptySubsequences: true) {
            if comp == "." { continue }
            if comp == ".." {
                if let last = parts.last, last != ".." { parts.removeLast(); continue }
                if absolute { continue }
            }
            parts.append(comp)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Resolves `path` against `base` unless it is empty or already absolute.
    static func resolve(_ path: String, against base: String) -> String {
        if path.isEmpty || isAbsolute(path) { return path }
        return clean(base + "/" + path)
    }

    static func directory(of p: String) -> String {
        let c = clean(p)
        guard let slash = c.lastIndex(of: "/") else { return "." }
        return slash == c.startIndex ? "/" : String(c[..<slash])
    }
}
