import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A text stream a command writes to: the process's stdout/stderr, or a buffer in tests.
/// Thread-safe: provider scans and reconcile waits run on several threads.
final class TextOutput: @unchecked Sendable {
    // @unchecked: `buffer` and `captured` are only touched under `lock`.
    private let lock = NSLock()
    private let descriptor: Int32?
    private var buffer: [UInt8] = []
    private var captured: [UInt8] = []

    /// Writes to a file descriptor, buffered until `flush()` (or 64 KiB).
    init(descriptor: Int32) { self.descriptor = descriptor }

    /// Collects everything, for tests (`text`).
    init() { descriptor = nil }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if descriptor == nil {
            captured.append(contentsOf: text.utf8)
            return
        }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { drain() }
    }

    func flush() {
        lock.lock()
        defer { lock.unlock() }
        drain()
    }

    /// What a capturing output has collected.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: captured, as: UTF8.self)
    }

    private func drain() {
        guard let descriptor, !buffer.isEmpty else { return }
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                break  // a closed pipe (`| head`): drop the rest, as kubectl does
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
