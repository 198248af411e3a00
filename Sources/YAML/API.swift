import Failure

// Public entry points of the YAML target. Implementations live in Parser.swift, Emitter.swift,
// JSONReader.swift and JSONWriter.swift.

/// A parse failure with a 1-based position, so a user can find the bad line.
public struct YAMLError: UserFacingError, Equatable, CustomStringConvertible {
    /// What is wrong, without the position.
    public var problem: String
    public var line: Int
    public var column: Int
    public init(message: String, line: Int, column: Int) {
        self.problem = message; self.line = line; self.column = column
    }
    public var message: String { "line \(line), column \(column): \(problem)" }
    public var description: String { message }
}

/// YAML in and out, with kubectl's reading and printing rules.
public enum YAML {
    /// Every document of a stream; an empty stream gives []. Throws YAMLError with 1-based line/column.
    public static func parseStream(_ text: String) throws(YAMLError) -> [Value] {
        try Parser.parseStream(Array(text.utf8)).map(\.value)
    }

    /// The same from raw bytes, which libyaml checks are UTF-8 (`invalid leading UTF-8 octet`).
    public static func parseStream(bytes: [UInt8]) throws(YAMLError) -> [Value] {
        try Parser.parseStream(bytes).map(\.value)
    }

    /// Exactly one document expected; empty input gives .null; several documents -> YAMLError.
    public static func parse(_ text: String) throws(YAMLError) -> Value {
        let documents = try Parser.parseStream(Array(text.utf8))
        guard documents.count <= 1 else {
            throw YAMLError(message: "expected a single YAML document, found \(documents.count)",
                            line: documents[1].line, column: 1)
        }
        return documents.first?.value ?? .null
    }

    /// kubectl `-o yaml` output of a value: go-yaml v2 key order, 2-space indent, sequences not
    /// indented under their key, strings quoted exactly when go-yaml v2 would, final newline.
    public static func emit(_ value: Value) -> String {
        Emitter(sortKeys: true).emit(value)
    }

    /// Same emitter, keeping the Value's own key order when `sortKeys` is false.
    public static func emit(_ value: Value, sortKeys: Bool) -> String {
        Emitter(sortKeys: sortKeys).emit(value)
    }
}

/// JSON in and out, byte-compatible with Go's encoding/json as kubectl uses it.
public enum JSON {
    /// Throws YAMLError (line/column) on bad JSON.
    public static func parse(_ bytes: [UInt8]) throws(YAMLError) -> Value {
        // The buffer closures rethrow untyped; carry the typed error out in a Result.
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLError) -> Value in try JSONReader.parse(buffer) }
        }.get()
    }

    public static func parse(_ text: String) throws(YAMLError) -> Value {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(YAMLError) -> Value in try JSONReader.parse(buffer) }
        }.get()
    }

    /// kubectl `-o json`: MarshalIndent with four spaces, sorted keys, HTML-safe escaping, final newline.
    public static func encodePretty(_ value: Value) -> String {
        JSONWriter(sortKeys: true, indent: "    ").encode(value) + "\n"
    }

    /// Compact Go-style encoding (same escaping), no newline: request bodies and hashes.
    public static func encodeCompact(_ value: Value, sortKeys: Bool = true) -> String {
        JSONWriter(sortKeys: sortKeys, indent: nil).encode(value)
    }

    /// json.Marshal (indent nil) or json.MarshalIndent(v, "", indent), keys sorted, no final
    /// newline; `escapeHTML: false` is an Encoder with SetEscapeHTML(false) (`<` stays `<`).
    public static func encode(_ value: Value, indent: String?, escapeHTML: Bool) -> String {
        JSONWriter(sortKeys: true, indent: indent, escapeHTML: escapeHTML).encode(value)
    }
}
