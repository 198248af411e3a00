// The parse tree. Positions are byte offsets into the template text, as in Go, because error
// messages report them. `description` reproduces Go's Node.String(), used in `at <...>`.

struct NumberLiteral: Sendable {
    var text: String
    var isInt = false
    var int: Int64 = 0
    var isUint = false
    var uint: UInt64 = 0
    var isFloat = false
    var float: Double = 0
}

struct Pipe: Sendable, CustomStringConvertible {
    var pos: Int
    var isAssign = false
    var decl: [Variable] = []
    var cmds: [Command] = []

    var description: String {
        var s = ""
        if !decl.isEmpty {
            s = decl.map(\.description).joined(separator: ", ") + (isAssign ? " = " : " := ")
        }
        return s + cmds.map(\.description).joined(separator: " | ")
    }
}

struct Variable: Sendable, CustomStringConvertible {
    var pos: Int
    /// `$x` then field names: `$x.a.b` is ["$x", "a", "b"].
    var ident: [String]
    var description: String { ident.joined(separator: ".") }
}

struct Command: Sendable, CustomStringConvertible {
    var pos: Int
    var args: [Operand] = []
    var description: String {
        args.map { arg in
            if case .pipe(let p) = arg { return "(\(p))" }
            return arg.description
        }.joined(separator: " ")
    }
}

indirect enum Operand: Sendable, CustomStringConvertible {
    case field(pos: Int, names: [String])
    case variable(Variable)
    case identifier(pos: Int, name: String)
    case chain(pos: Int, node: Operand, fields: [String])
    case dot(pos: Int)
    case nilValue(pos: Int)
    case bool(pos: Int, Bool)
    case number(pos: Int, NumberLiteral)
    case string(pos: Int, quoted: String, text: String)
    case pipe(Pipe)

    var pos: Int {
        switch self {
        case .field(let p, _), .identifier(let p, _), .chain(let p, _, _), .dot(let p), .nilValue(let p),
             .bool(let p, _), .number(let p, _), .string(let p, _, _):
            return p
        case .variable(let v): return v.pos
        case .pipe(let p): return p.pos
        }
    }

    var description: String {
        switch self {
        case .field(_, let names): return names.map { "." + $0 }.joined()
        case .variable(let v): return v.description
        case .identifier(_, let name): return name
        case .chain(_, let node, let fields):
            let head: String
            if case .pipe(let p) = node { head = "(\(p))" } else { head = node.description }
            return head + fields.map { "." + $0 }.joined()
        case .dot: return "."
        case .nilValue: return "nil"
        case .bool(_, let b): return b ? "true" : "false"
        case .number(_, let n): return n.text
        case .string(_, let quoted, _): return quoted
        case .pipe(let p): return p.description
        }
    }
}

struct Branch: Sendable {
    var pos: Int
    var pipe: Pipe
    var list: [Node]
    var elseList: [Node]?
}

indirect enum Node: Sendable {
    case text(pos: Int, String)
    case action(pos: Int, Pipe)
    case ifNode(Branch)
    case rangeNode(Branch)
    case withNode(Branch)
    case template(pos: Int, name: String, pipe: Pipe?)
    case breakNode(pos: Int)
    case continueNode(pos: Int)
}

/// A position that error messages can point at: either a whole node or one operand.
enum Location: Sendable {
    case operand(Operand)
    case pipe(Pipe)
    case command(Command)
    case node(pos: Int, text: String)

    var pos: Int {
        switch self {
        case .operand(let o): return o.pos
        case .pipe(let p): return p.pos
        case .command(let c): return c.pos
        case .node(let pos, _): return pos
        }
    }

    var text: String {
        switch self {
        case .operand(let o): return o.description
        case .pipe(let p): return p.description
        case .command(let c): return c.description
        case .node(_, let text): return text
        }
    }
}
