import Failure

/// A parse or execution failure with client-go's own text (`unclosed action`, `x is not found`,
/// `array index out of bounds: index 5, length 2`, `unrecognized identifier foo`...). kubectl
/// wraps it before printing (`error parsing jsonpath TEMPLATE, MESSAGE`); that wrapping lives
/// with the printers (KubectlPrinters), not here.
public struct JSONPathError: UserFacingError, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
