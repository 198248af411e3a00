import Failure

/// A command line the command cannot run: a flag value it refuses, flags that do not go
/// together, a missing NAME. Printed like pflag's errors, followed by the line pointing at the
/// command's help (`See 'kubectl rsip simulate --help' for usage.`).
struct UsageError: UserFacingError, Equatable {
    var message: String
    var hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
