/// Why a pattern failed to compile, worded like Go's `regexp.Compile` error so the message a
/// user sees matches the controller's `Ready=False` condition.
public struct GoRegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Go's `regexp/syntax.ErrorCode` texts; RE2 reports the same classes of error.
    public enum Code: String, Sendable, Equatable {
        case internalError = "regexp/syntax: internal error"
        case invalidCharClass = "invalid character class"
        case invalidCharRange = "invalid character class range"
        case invalidEscape = "invalid escape sequence"
        case invalidNamedCapture = "invalid named capture"
        case invalidPerlOp = "invalid or unsupported Perl syntax"
        case invalidRepeatOp = "invalid nested repetition operator"
        case invalidRepeatSize = "invalid repeat count"
        case invalidUTF8 = "invalid UTF-8"
        case missingBracket = "missing closing ]"
        case missingParen = "missing closing )"
        case missingRepeatArgument = "missing argument to repetition operator"
        case trailingBackslash = "trailing backslash at end of expression"
        case unexpectedParen = "unexpected )"
        case tooLarge = "expression too large"

        /// RE2::ErrorCode values, in the order of re2.h.
        init(re2Code: Int32) {
            switch re2Code {
            case 2: self = .invalidEscape
            case 3: self = .invalidCharClass
            case 4: self = .invalidCharRange
            case 5: self = .missingBracket
            case 6: self = .missingParen
            case 7: self = .unexpectedParen
            case 8: self = .trailingBackslash
            case 9: self = .missingRepeatArgument
            case 10: self = .invalidRepeatSize
            case 11: self = .invalidRepeatOp
            case 12: self = .invalidPerlOp
            case 13: self = .invalidUTF8
            case 14: self = .invalidNamedCapture
            case 15: self = .tooLarge
            default: self = .internalError
            }
        }
    }

    /// The whole pattern as the user wrote it.
    public var pattern: String
    public var code: Code
    /// The offending fragment (Go's `Error.Expr`), e.g. `(?=`.
    public var fragment: String

    public init(pattern: String, code: Code, fragment: String) {
        self.pattern = pattern
        self.code = code
        self.fragment = fragment
    }

    /// `error parsing regexp: invalid or unsupported Perl syntax: `(?=``, as Go prints it.
    public var description: String { "error parsing regexp: \(code.rawValue): `\(fragment)`" }
}
