import JSONPath
import YAML

/// kubectl's `-o custom-columns=HEADER:PATH,...` and `-o custom-columns-file=FILE` printer.
///
/// Each column's path is relaxed (`.metadata.name`, `metadata.name`, `{.metadata.name}`), then
/// parsed when an object is printed (so a bad path fails after the header line is out); a
/// value prints as Go's fmt prints it (`map[k:v]`, `[a b]`, `<nil>`), several values joined by
/// commas, nothing at all as `<none>`; ESC and CR are escaped; lines go through kubectl's tab
/// writer. A list prints one row per item under one header.
public struct CustomColumnsPrinter: Sendable {
    public struct Column: Sendable, Equatable {
        public var header: String
        /// The relaxed JSONPath, e.g. `{.metadata.name}`.
        public var fieldSpec: String
        public init(header: String, fieldSpec: String) {
            self.header = header
            self.fieldSpec = fieldSpec
        }
    }

    public var columns: [Column]
    public var noHeaders: Bool
    /// Whether a header line went out already: kubectl prints it again only when the kind of
    /// object changes (a list, then single objects).
    private var lastShape: Shape?

    private enum Shape: Sendable, Equatable { case list, object }

    public init(columns: [Column], noHeaders: Bool = false) {
        self.columns = columns
        self.noHeaders = noHeaders
    }

    /// `-o custom-columns=SPEC`: comma-separated `HEADER:PATH` pairs.
    public init(spec: String, noHeaders: Bool = false) throws(PrinterError) {
        guard !spec.isEmpty else { throw PrinterError("custom-columns format specified but no custom columns given") }
        var columns: [Column] = []
        for part in Self.split(spec, on: UInt8(ascii: ","), limit: nil) {
            let pair = Self.split(part, on: UInt8(ascii: ":"), limit: 2)
            guard pair.count == 2 else {
                throw PrinterError("unexpected custom-columns spec: \(part), expected <header>:<json-path-expr>")
            }
            columns.append(Column(header: pair[0], fieldSpec: try Self.relaxed(pair[1])))
        }
        self.init(columns: columns, noHeaders: noHeaders)
    }

    /// `-o custom-columns-file=FILE`, from the file's text: a line of headers and a line of
    /// paths, split on white space. Headers are always printed (kubectl ignores --no-headers here).
    public init(template text: String) throws(PrinterError) {
        let lines = Self.scanLines(text)
        guard lines.count >= 1 else {
            throw PrinterError("invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.")
        }
        guard lines.count >= 2 else {
            throw PrinterError("invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.")
        }
        let headers = Self.words(lines[0]), specs = Self.words(lines[1])
        guard headers.count == specs.count else {
            throw PrinterError("number of headers (\(headers.count)) and field specifications (\(specs.count)) don't match")
        }
        var columns: [Column] = []
        for (header, spec) in zip(headers, specs) {
            columns.append(Column(header: header, fieldSpec: try Self.relaxed(spec)))
        }
        self.init(columns: columns, noHeaders: false)
    }

    private static func relaxed(_ path: String) throws(PrinterError) -> String {
        do { return try JSONPath.relaxed(path) } catch { throw PrinterError(error.message) }
    }

    // MARK: - Printing

    /// Prints `object` (a List: one row per item) to `out` through a fresh tab writer, as
    /// `kubectl get` does. On error `out` holds what kubectl had written before failing.
    public mutating func print(_ object: Value, into out: inout String) throws(PrinterError) {
        var writer = TabWriter()
        defer {
            writer.flush()
            out += writer.takeOutput()
        }
        try write(object, to: &writer)
    }

    /// The same into a tab writer the caller keeps and flushes (kubectl `get -w` keeps one).
    public mutating func write(_ object: Value, to writer: inout TabWriter) throws(PrinterError) {
        let isList = KubectlList.isList(object)
        let shape: Shape = isList ? .list : .object
        if !noHeaders && lastShape != shape {
            writer.write(columns.map(\.header).joined(separator: "\t") + "\n")
            lastShape = shape
        }
        try rows(object) { cells in writer.write(cells.joined(separator: "\t") + "\n") }
    }

    /// The cells of each row `object` prints (a List: one row per item), handed to `row` as
    /// they are made, so a failing row leaves the rows before it printed.
    public func rows(_ object: Value, _ row: (_ cells: [String]) -> Void) throws(PrinterError) {
        var paths: [JSONPath] = []
        for column in columns {
            do { paths.append(try JSONPath(column.fieldSpec)) } catch { throw PrinterError(error.message) }
        }
        // client-go keeps range bookkeeping per parser, and kubectl uses one parser per column
        // for all the rows of one object.
        var states = [JSONPath.State](repeating: JSONPath.State(), count: paths.count)
        for item in KubectlList.isList(object) ? KubectlList.items(of: object) : [object] {
            var cells: [String] = []
            for (i, path) in paths.enumerated() {
                let groups: [[JSONPath.Result]]
                do {
                    groups = try path.findResults(in: item, allowMissingKeys: true, state: &states[i])
                } catch {
                    throw PrinterError(error.message)
                }
                cells.append(Self.cell(groups))
            }
            row(cells)
        }
    }

    /// One cell: `<none>` for no value, otherwise fmt.Sprint of each value, comma-joined.
    static func cell(_ groups: [[JSONPath.Result]]) -> String {
        var parts: [String] = []
        if groups.first?.isEmpty ?? true { parts.append("<none>") }
        for group in groups {
            for r in group { parts.append(escapeTerminal(GoFormat.v(r))) }
        }
        return parts.joined(separator: ",")
    }

    /// kubectl's EscapeTerminal: ESC as `^[`, CR as `\r`.
    public static func escapeTerminal(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x1B || $0 == 0x0D }) else { return s }
        var out: [UInt8] = []
        for b in s.utf8 {
            switch b {
            case 0x1B: out += [UInt8(ascii: "^"), UInt8(ascii: "[")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Go's string splitting

    /// strings.Split / strings.SplitN on one byte.
    static func split(_ s: String, on sep: UInt8, limit: Int?) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        for b in s.utf8 {
            if b == sep && (limit.map { parts.count < $0 - 1 } ?? true) {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(b)
            }
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts
    }

    /// bufio.Scanner's lines: split at `\n`, a final `\r` dropped, no empty last line.
    static func scanLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        for b in bytes {
            if b == 0x0A {
                if current.last == 0x0D { current.removeLast() }
                lines.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(b)
            }
        }
        if !current.isEmpty {
            if current.last == 0x0D { current.removeLast() }
            lines.append(String(decoding: current, as: UTF8.self))
        }
        return lines
    }

    /// bufio.ScanWords: fields separated by Unicode white space.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for s in line.unicodeScalars {
            if isGoSpace(s) {
                if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    private static func isGoSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
