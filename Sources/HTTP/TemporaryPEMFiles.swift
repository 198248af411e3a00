import Foundation

/// PEM bytes that libcurl older than 7.71/7.77 can only read from a file (no `*_BLOB` options).
/// Each distinct content is written once, to a file `mkstemp` creates with mode 0600, and
/// handed to libcurl as `/proc/self/fd/N` after the name is unlinked: the bytes (a client key
/// among them) never outlive the process, even when it is killed. Without /proc the file keeps
/// its name and is removed at exit.
final class TemporaryPEMFiles: @unchecked Sendable {
    static let shared = TemporaryPEMFiles()

    private let lock = NSLock()
    private var paths: [[UInt8]: String] = [:]
    private var named: [String] = []

    private init() {
        atexit { TemporaryPEMFiles.shared.removeNamed() }
    }

    /// The path libcurl should open for `bytes`.
    func path(for bytes: [UInt8], label: String) throws(HTTPError) -> String {
        lock.lock(); defer { lock.unlock() }
        if let p = paths[bytes] { return p }
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(dir)/kubectl-rsip-\(label)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf in buf.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else {
            let e = errno
            throw HTTPError.transport(url: "", code: Int(e),
                                      detail: "cannot create a temporary file in \(dir) for the \(label) (this libcurl reads it from a file only): \(String(cString: strerror(e)))")
        }
        let name = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                let e = errno
                close(fd); unlink(name)
                throw HTTPError.transport(url: "", code: Int(e),
                                          detail: "cannot write the \(label) to \(name): \(String(cString: strerror(e)))")
            }
            written += n
        }
        let path: String
        if access("/proc/self/fd", R_OK) == 0 {
            unlink(name)
            path = "/proc/self/fd/\(fd)"   // stays open for the life of the process
        } else {
            close(fd)
            named.append(name)
            path = name
        }
        paths[bytes] = path
        return path
    }

    private func removeNamed() {
        lock.lock(); defer { lock.unlock() }
        for name in named { unlink(name) }
        named.removeAll()
    }
}
