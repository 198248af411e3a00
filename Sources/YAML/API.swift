// Public entry points of the YAML target. Implementations live in Parser.swift, Emitter.swift,
// JSONReader.swift and JSONWriter.swift.

/// A parse failure with a 1-based position, so a user can find the bad line.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public init(message: String, line: Int, column: Int) {
        self.message = message; self.line = line; self.column = column
    }
    public var description: String { "line \(line), column \(column): \(message)" }
}
