import Foundation
import Threads

/// ANSI colour, or plain text; `CommandContext.style(noColor:)` decides which.
struct Style: Sendable {
    let color: Bool

    static let plain = Style(color: false)

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
struct Progress: Sendable {
    private let output: TextOutput
    private let enabled: Bool
    /// Whether a line is on screen; redraws from several threads take turns under its lock.
    private let shown = Locked(false)

    init(output: TextOutput, enabled: Bool) {
        self.output = output
        self.enabled = enabled
    }

    func update(_ text: String) {
        guard enabled else { return }
        shown.withLock { shown in
            output.write("\r\u{1b}[K\(text)")
            output.flush()
            shown = true
        }
    }

    func clear() {
        guard enabled else { return }
        shown.withLock { shown in
            if shown { output.write("\r\u{1b}[K"); output.flush() }
            shown = false
        }
    }
}
