// YAML input through libyaml's event parser, building Values the way kubectl reads files
// (go-yaml v2 through sigs.k8s.io/yaml): YAML 1.1 plain scalars, anchors resolved, merge keys,
// non-string keys turned into text.

import CYAML

struct Parser {
    /// Alias expansion beyond this many nodes is refused (a "billion laughs" document would
    /// otherwise make every later walk of the tree exponential).
    static let maxAliasExpansion = 1_000_000
    static let maxDepth = 1000

    private enum PendingKey { case none, key(String), merge }

    /// One open collection while its children are read.
    private struct Frame {
        var anchor: String?
        var isMapping: Bool
        var items: [Value] = []
        var pairs: [(String, Value)] = []
        var merges: [(Value, yaml_mark_t)] = []
        var pending: PendingKey = .none
        var size = 1
    }

    private var stack: [Frame] = []
    private var anchors: [String: (value: Value, size: Int)] = [:]
    private var aliasExpanded = 0
    private var root: (Value, Int)?

    /// Every document of the stream, and the line on which each starts.
    static func parseStream(_ bytes: [UInt8]) throws(YAMLError) -> [(value: Value, line: Int)] {
        var bytes = bytes
        if bytes.isEmpty { return [] }
        return try bytes.withUnsafeMutableBufferPointer { buf in
            Result { () throws(YAMLError) -> [(value: Value, line: Int)] in try parse(buf) }
        }.get()
    }

    private static func parse(_ buf: UnsafeMutableBufferPointer<UInt8>) throws(YAMLError) -> [(value: Value, line: Int)] {
        guard let base = buf.baseAddress else { return [] }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw YAMLError(message: "cannot initialise the YAML parser", line: 1, column: 1)
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, base, buf.count)
        var state = Parser()
        return try state.run(parser, input: UnsafeBufferPointer(buf))
    }

    private mutating func run(_ parser: UnsafeMutablePointer<yaml_parser_t>,
                              input: UnsafeBufferPointer<UInt8>) throws(YAMLError) -> [(value: Value, line: Int)] {
        var documents: [(value: Value, line: Int)] = []
        var documentLine = 1
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else { throw Self.error(of: parser, input: input) }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_DOCUMENT_START_EVENT:
                anchors = [:]
                aliasExpanded = 0
                root = nil
                documentLine = Int(event.start_mark.line) + 1
            case YAML_DOCUMENT_END_EVENT:
                documents.append((root?.0 ?? .null, documentLine))
                root = nil
            case YAML_SCALAR_EVENT:
                try scalar(event)
            case YAML_ALIAS_EVENT:
                let name = Self.text(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    throw Self.error("unknown anchor '\(name)' referenced", event.start_mark)
                }
                aliasExpanded += target.size
                if aliasExpanded > Self.maxAliasExpansion {
                    throw Self.error("document contains excessive aliasing", event.start_mark)
                }
                try complete(target.value, size: target.size, anchor: nil, mark: event.start_mark)
            case YAML_SEQUENCE_START_EVENT:
                try push(Frame(anchor: Self.text(event.data.sequence_start.anchor), isMapping: false), event.start_mark)
            case YAML_MAPPING_START_EVENT:
                try push(Frame(anchor: Self.text(event.data.mapping_start.anchor), isMapping: true), event.start_mark)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { break }
                let value = frame.isMapping ? try Self.merged(frame) : .array(frame.items)
                try complete(value, size: frame.size, anchor: frame.anchor, mark: event.start_mark)
            default:
                break
            }
        }
    }

    private mutating func push(_ frame: Frame, _ mark: yaml_mark_t) throws(YAMLError) {
        if stack.count >= Self.maxDepth { throw Self.error("nesting deeper than \(Self.maxDepth) levels", mark) }
        stack.append(frame)
    }

    private mutating func scalar(_ event: yaml_event_t) throws(YAMLError) {
        let s = event.data.scalar
        let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
        let tag = Self.text(s.tag)
        let plain = s.style == YAML_PLAIN_SCALAR_STYLE

        // `<<` as a plain key asks for a merge of the following mapping(s).
        if plain, text == "<<", tag == nil || tag == "tag:yaml.org,2002:merge",
           let top = stack.last, top.isMapping, case .none = top.pending {
            stack[stack.count - 1].pending = .merge
            return
        }
        let value = try Self.scalarValue(text, tag: tag, plain: plain, mark: event.start_mark)
        try complete(value, size: 1, anchor: Self.text(s.anchor), mark: event.start_mark)
    }

    /// A scalar's value: explicit core tags are honoured, other tags keep the text.
    static func scalarValue(_ text: String, tag: String?, plain: Bool, mark: yaml_mark_t) throws(YAMLError) -> Value {
        guard let tag else { return plain ? Resolver.value(ofPlain: text) : .string(text) }
        let resolved = Resolver.value(ofPlain: text)
        func wrong(_ kind: String) -> YAMLError {
            error("cannot decode \(resolved.kindDescription) `\(text)` as \(kind)", mark)
        }
        switch tag {
        case "tag:yaml.org,2002:str", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:timestamp":
            return .string(text)
        case "tag:yaml.org,2002:null":
            return .null
        case "tag:yaml.org,2002:bool":
            guard case .bool = resolved else { throw wrong("a boolean") }
            return resolved
        case "tag:yaml.org,2002:int":
            switch resolved {
            case .int, .uint: return resolved
            default: throw wrong("an integer")
            }
        case "tag:yaml.org,2002:float":
            switch resolved {
            case .int(let i): return .double(Double(i))
            case .uint(let u): return .double(Double(u))
            case .double: return resolved
            default: throw wrong("a float")
            }
        default:
            return .string(text)
        }
    }

    /// Hands a finished node to its parent (or makes it the document root).
    private mutating func complete(_ value: Value, size: Int, anchor: String?, mark: yaml_mark_t) throws(YAMLError) {
        if let anchor { anchors[anchor] = (value, size) }
        guard !stack.isEmpty else { root = (value, size); return }
        let t = stack.count - 1
        stack[t].size += size
        if !stack[t].isMapping {
            stack[t].items.append(value)
            return
        }
        switch stack[t].pending {
        case .none:
            stack[t].pending = .key(try Self.keyText(value, mark: mark))
        case .key(let key):
            stack[t].pairs.append((key, value))
            stack[t].pending = .none
        case .merge:
            stack[t].merges.append((value, mark))
            stack[t].pending = .none
        }
    }

    /// sigs.k8s.io/yaml turns non-string keys into JSON object keys by their value's text.
    static func keyText(_ key: Value, mark: yaml_mark_t) throws(YAMLError) -> String {
        switch key {
        case .string(let s): return s
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return GoFloat.formatYAML(d)
        case .array, .object: throw error("a mapping key must be a scalar, found \(key.kindDescription)", mark)
        }
    }

    /// Explicit keys win over merged ones, and earlier merge sources over later ones (YAML
    /// merge-key spec); duplicate explicit keys keep the last value, as Go does.
    private static func merged(_ frame: Frame) throws(YAMLError) -> Value {
        var object = Value.Object(frame.pairs)
        for (source, mark) in frame.merges {
            let maps: [Value]
            switch source {
            case .object: maps = [source]
            case .array(let items): maps = items
            default: throw error("map merge requires map or sequence of maps as the value", mark)
            }
            for m in maps {
                guard case .object(let o) = m else {
                    throw error("map merge requires map or sequence of maps as the value", mark)
                }
                for (k, v) in o where object[k] == nil { object[k] = v }
            }
        }
        return .object(object)
    }

    // MARK: - C helpers

    private static func text(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    static func error(_ message: String, _ mark: yaml_mark_t) -> YAMLError {
        YAMLError(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// libyaml's own problem text at its 1-based position; reader errors (bad encoding,
    /// control characters) only carry a byte offset, which is turned into line/column here.
    private static func error(of parser: UnsafeMutablePointer<yaml_parser_t>,
                              input: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let p = parser.pointee
        var message = p.problem.map { String(cString: $0) } ?? "invalid YAML"
        if p.error == YAML_READER_ERROR {
            if p.problem_value >= 0 { message += " (#x" + String(p.problem_value, radix: 16, uppercase: true) + ")" }
            let end = min(Int(p.problem_offset), input.count)
            var line = 1, column = 1
            for k in 0..<end {
                if input[k] == UInt8(ascii: "\n") { line += 1; column = 1 } else if input[k] & 0xC0 != 0x80 { column += 1 }
            }
            return YAMLError(message: message, line: line, column: column)
        }
        if let context = p.context { message += " " + String(cString: context) }
        if byte(atLine: Int(p.problem_mark.line), column: Int(p.problem_mark.column), in: input) == 0x09 {
            message += " (a tab cannot indent YAML; use spaces)"
        }
        return error(message, p.problem_mark)
    }

    /// The byte at a 0-based line and character column, to explain the commonest mistake.
    private static func byte(atLine line: Int, column: Int, in input: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var l = 0, c = 0, k = 0
        while k < input.count {
            if l == line && c == column { return input[k] }
            if input[k] == UInt8(ascii: "\n") { l += 1; c = 0; if l > line { return nil } }
            else if input[k] & 0xC0 != 0x80 { c += 1 }
            k += 1
        }
        return nil
    }
}
