/// The one protocol every library's errors adopt, so a command prints any failure the same way:
/// what failed (kubectl's wording where kubectl has one) and, separately, the next step.
///
/// `message` never starts with `error: `; the printer adds it unless `standsAlone` says the
/// message is one of kubectl's complete lines (`Error from server (NotFound): ...`,
/// `Unable to connect to the server: ...`, `The connection to the server ... was refused ...`).
/// Neither field may contain a credential.
public protocol UserFacingError: Error, Sendable {
    var message: String { get }
    var hint: String? { get }
    /// kubectl prints this message without the `error: ` prefix.
    var standsAlone: Bool { get }
}

extension UserFacingError {
    public var hint: String? { nil }
    public var standsAlone: Bool { false }

    /// The first line as kubectl would print it on stderr.
    public var headline: String { standsAlone ? message : "error: " + message }

    /// `headline`, then `hint: ...` when there is one; newline-terminated.
    public var report: String {
        headline + "\n" + (hint.map { "hint: \($0)\n" } ?? "")
    }
}

/// A failure a command raises itself: a message and a hint, nothing else.
public struct UserError: UserFacingError, Equatable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var standsAlone: Bool

    public init(_ message: String, hint: String? = nil, standsAlone: Bool = false) {
        self.message = message
        self.hint = hint
        self.standsAlone = standsAlone
    }

    /// The same failure with `context` in front, as in `apps/x: <message>`; the hint stays.
    public init(_ context: String, _ underlying: any UserFacingError) {
        self.init("\(context): \(underlying.message)", hint: underlying.hint)
    }

    public var description: String { message }
}
