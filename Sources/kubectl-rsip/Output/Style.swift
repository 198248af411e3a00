import Foundation

/// Colour and progress only on a terminal, never with NO_COLOR, --no-color or TERM=dumb.
struct Style: Sendable {
    let color: Bool

    init(noColorFlag: Bool = false, fileDescriptor: Int32 = STDOUT_FILENO,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        color = !noColorFlag && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
            && isatty(fileDescriptor) == 1
    }

    func red(_ s: String) -> String { paint(s, "31") }
    func green(_ s: String) -> String { paint(s, "32") }
    func yellow(_ s: String) -> String { paint(s, "33") }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }

    private func paint(_ s: String, _ code: String) -> String {
        color ? "\u{1b}[\(code)m\(s)\u{1b}[0m" : s
    }
}

/// A one-line progress indicator on stderr, redrawn in place; silent unless stderr is a terminal.
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        enabled = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    func update(_ text: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1b}[K\(text)".utf8))
        shown = true
    }

    func clear() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        shown = false
    }
}
