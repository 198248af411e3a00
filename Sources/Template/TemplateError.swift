import Failure

/// A parse or execution failure, worded exactly as Go's text/template words it, so a message
/// printed by kubectl-rsip can be compared with the controller's `BuildFailed` message:
///   parse:     `template: NAME:LINE: function "now" not defined`
///   execution: `template: NAME:LINE:COL: executing "NAME" at <inputs>: map has no entry for key "x"`
/// (COL is Go's: a 0-based byte offset within the line.)
public struct TemplateError: UserFacingError, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An error raised by a template function; the executor wraps it as `error calling NAME: ...`.
struct FunctionError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
