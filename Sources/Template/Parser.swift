import GoCompat
// Go's text/template parser (parse/parse.go): same grammar, same checks at parse time
// (undefined functions and variables, break/continue outside range) and the same messages,
// `template: NAME:LINE: ...`, where LINE is that of the last token read, as in Go.

struct ParsedTemplate: Sendable {
    var root: [Node]
    /// `define` and `block` bodies by name.
    var definitions: [String: [Node]]
}

struct Parser {
    private enum Item {
        case node(Node)
        case end(pos: Int)
        case elseItem(pos: Int)
    }

    private var tokens: [Token]
    private var idx = 0
    private var maxRead = 0
    private let name: String
    private let functions: Set<String>
    private let leftDelim: String
    private let rightDelim: String
    private var vars: [String] = ["$"]
    private var rangeDepth = 0
    /// Parenthesized pipelines open now; Go stops at `maxStackDepth` (10000).
    private var parenDepth = 0
    /// Control structures (if, with, range, block, else-if chains) open now. Go has no limit (its
    /// stacks grow to 1 GB); this parser recurses on a fixed stack, so it stops at the same number.
    private var controlDepth = 0
    static let maxDepth = 10_000
    private var actionLine = 0
    private var definitions: [String: [Node]] = [:]

    static func parse(_ text: String, name: String, left: String, right: String,
                      functions: Set<String>) throws -> ParsedTemplate {
        var p = Parser(tokens: Lexer.tokenize(text, left: left, right: right), name: name,
                       functions: functions, leftDelim: left, rightDelim: right)
        let root = try p.parseRoot()
        try p.add(name, root)
        return ParsedTemplate(root: root, definitions: p.definitions)
    }

    private init(tokens: [Token], name: String, functions: Set<String>, leftDelim: String, rightDelim: String) {
        self.tokens = tokens
        self.name = name
        self.functions = functions
        self.leftDelim = leftDelim
        self.rightDelim = rightDelim
    }

    // MARK: - token stream

    private mutating func next() -> Token {
        let i = min(idx, tokens.count - 1)
        maxRead = max(maxRead, i)
        idx += 1
        return tokens[i]
    }

    private mutating func backup() { idx -= 1 }

    private mutating func peek() -> Token {
        let t = next(); backup(); return t
    }

    private mutating func nextNonSpace() -> Token {
        var t = next()
        while t.kind == .space { t = next() }
        return t
    }

    private mutating func peekNonSpace() -> Token {
        let t = nextNonSpace(); backup(); return t
    }

    // MARK: - errors

    private func fail(_ message: String) -> TemplateError {
        let line = tokens[min(maxRead, tokens.count - 1)].line
        return TemplateError("template: \(name):\(line): \(message)")
    }

    private func unexpected(_ token: Token, _ context: String) -> TemplateError {
        if token.kind == .error {
            var extra = ""
            if actionLine != 0 && actionLine != token.line {
                extra = " in action started at \(name):\(actionLine)"
                if token.val.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return fail(token.val + extra)
        }
        return fail("unexpected \(token.description) in \(context)")
    }

    private mutating func expect(_ kind: TokenKind, _ context: String) throws -> Token {
        let t = nextNonSpace()
        guard t.kind == kind else { throw unexpected(t, context) }
        return t
    }

    private func describe(_ item: Item) -> String {
        switch item {
        case .end: return leftDelim + "end" + rightDelim
        case .elseItem: return leftDelim + "else" + rightDelim
        case .node: return "node"
        }
    }

    // MARK: - definitions

    private static func isEmpty(_ list: [Node]) -> Bool {
        list.allSatisfy { node in
            if case .text(_, let s) = node { return s.allSatisfy(\.isWhitespace) }
            return false
        }
    }

    private mutating func add(_ name: String, _ list: [Node]) throws {
        if let existing = definitions[name], !Parser.isEmpty(existing) {
            if !Parser.isEmpty(list) { throw fail("template: multiple definition of template \(GoQuote.quote(name))") }
            return
        }
        definitions[name] = list
    }

    // MARK: - grammar

    private mutating func parseRoot() throws -> [Node] {
        var root: [Node] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let mark = idx
                _ = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                idx = mark
            }
            let item = try textOrAction()
            guard case .node(let n) = item else { throw fail("unexpected \(describe(item))") }
            root.append(n)
        }
        return root
    }

    private mutating func parseDefinition() throws {
        let context = "define clause"
        let t = nextNonSpace()
        guard t.kind == .string || t.kind == .rawString else { throw unexpected(t, context) }
        guard let defName = GoQuote.unquote(t.val) else { throw fail("invalid syntax") }
        _ = try expect(.rightDelim, context)
        let saved = (vars, rangeDepth)
        vars = ["$"]; rangeDepth = 0
        defer { (vars, rangeDepth) = saved }
        let (list, end) = try itemList()
        guard case .end = end else { throw fail("unexpected \(describe(end)) in \(context)") }
        try add(defName, list)
    }

    private mutating func itemList() throws -> ([Node], Item) {
        var list: [Node] = []
        while peekNonSpace().kind != .eof {
            let item = try textOrAction()
            switch item {
            case .end, .elseItem: return (list, item)
            case .node(let n): list.append(n)
            }
        }
        throw fail("unexpected EOF")
    }

    private mutating func textOrAction() throws -> Item {
        let t = nextNonSpace()
        switch t.kind {
        case .text: return .node(.text(pos: t.pos, t.val))
        case .leftDelim:
            actionLine = t.line
            defer { actionLine = 0 }
            return try action()
        default: throw unexpected(t, "input")
        }
    }

    private mutating func action() throws -> Item {
        let t = nextNonSpace()
        switch t.kind {
        case .block: return .node(try blockControl())
        case .breakKeyword: return .node(try loopControl(t, keyword: "break"))
        case .continueKeyword: return .node(try loopControl(t, keyword: "continue"))
        case .elseKeyword: return try elseControl()
        case .end: return .end(pos: try expect(.rightDelim, "end").pos)
        case .ifKeyword: return .node(.ifNode(try parseControl("if")))
        case .range: return .node(.rangeNode(try parseControl("range")))
        case .template: return .node(try templateControl())
        case .with: return .node(.withNode(try parseControl("with")))
        default: break
        }
        backup()
        let first = peek()
        return .node(.action(pos: first.pos, try pipeline("command", end: .rightDelim)))
    }

    private mutating func loopControl(_ keyword: Token, keyword word: String) throws -> Node {
        let t = nextNonSpace()
        // Go names the context with its default braces, whatever the delimiters.
        guard t.kind == .rightDelim else { throw unexpected(t, "{{\(word)}}") }
        guard rangeDepth > 0 else { throw fail("{{\(word)}} outside {{range}}") }
        return word == "break" ? .breakNode(pos: keyword.pos) : .continueNode(pos: keyword.pos)
    }

    private mutating func elseControl() throws -> Item {
        let p = peekNonSpace()
        // `else if` / `else with`: leave the keyword pending for parseControl.
        if p.kind == .ifKeyword || p.kind == .with { return .elseItem(pos: p.pos) }
        return .elseItem(pos: try expect(.rightDelim, "else").pos)
    }

    /// Counts one more open control structure; too many is an error, not a stack overflow.
    private mutating func enterControl() throws {
        guard controlDepth < Parser.maxDepth else { throw fail("max control nesting depth exceeded (\(Parser.maxDepth))") }
        controlDepth += 1
    }

    private mutating func parseControl(_ context: String) throws -> Branch {
        try enterControl()
        defer { controlDepth -= 1 }
        let varCount = vars.count
        defer { vars.removeLast(vars.count - varCount) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { rangeDepth += 1 }
        let (list, next) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList: [Node]?
        if case .elseItem = next {
            if context == "if" && peek().kind == .ifKeyword {
                _ = self.next()
                elseList = [.ifNode(try parseControl("if"))]
            } else if context == "with" && peek().kind == .with {
                _ = self.next()
                elseList = [.withNode(try parseControl("with"))]
            } else {
                let (l, n) = try itemList()
                guard case .end = n else { throw fail("expected end; found \(describe(n))") }
                elseList = l
            }
        }
        return Branch(pos: pipe.pos, pipe: pipe, list: list, elseList: elseList)
    }

    private mutating func templateName(_ t: Token, _ context: String) throws -> String {
        guard t.kind == .string || t.kind == .rawString else { throw unexpected(t, context) }
        guard let s = GoQuote.unquote(t.val) else { throw fail("invalid syntax") }
        return s
    }

    private mutating func blockControl() throws -> Node {
        let context = "block clause"
        let t = nextNonSpace()
        let blockName = try templateName(t, context)
        let pipe = try pipeline(context, end: .rightDelim)
        try enterControl()
        defer { controlDepth -= 1 }
        let saved = (vars, rangeDepth)
        vars = ["$"]; rangeDepth = 0
        let (list, end) = try itemList()
        (vars, rangeDepth) = saved
        guard case .end = end else { throw fail("unexpected \(describe(end)) in \(context)") }
        try add(blockName, list)
        return .template(pos: t.pos, name: blockName, pipe: pipe)
    }

    private mutating func templateControl() throws -> Node {
        let context = "template clause"
        let t = nextNonSpace()
        let tmplName = try templateName(t, context)
        var pipe: Pipe?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(pos: t.pos, name: tmplName, pipe: pipe)
    }

    private static func variableIdent(_ val: String) -> [String] {
        val.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private mutating func pipeline(_ context: String, end: TokenKind) throws -> Pipe {
        var pipe = Pipe(pos: peekNonSpace().pos)
        decls: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break }
            let mark = idx
            _ = next()
            let nxt = peekNonSpace()
            if nxt.kind == .assign || nxt.kind == .declare {
                pipe.isAssign = nxt.kind == .assign
                _ = nextNonSpace()
                pipe.decl.append(Variable(pos: v.pos, ident: Parser.variableIdent(v.val)))
                vars.append(v.val)
            } else if nxt.kind == .char && nxt.val == "," {
                _ = nextNonSpace()
                pipe.decl.append(Variable(pos: v.pos, ident: Parser.variableIdent(v.val)))
                vars.append(v.val)
                if context == "range" && pipe.decl.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue decls
                    default: throw fail("range can only initialize variables")
                    }
                }
                throw fail("too many declarations in \(context)")
            } else {
                idx = mark   // not a declaration: the variable is the first operand
            }
            break
        }
        while true {
            let t = nextNonSpace()
            if t.kind == end {
                try checkPipeline(pipe, context)
                return pipe
            }
            switch t.kind {
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword,
                 .rawString, .string, .variable, .leftParen:
                backup()
                pipe.cmds.append(try command())
            default:
                throw unexpected(t, context)
            }
        }
    }

    private func checkPipeline(_ pipe: Pipe, _ context: String) throws {
        guard !pipe.cmds.isEmpty else { throw fail("missing value for \(context)") }
        for (i, c) in pipe.cmds.enumerated().dropFirst() {
            switch c.args.first {
            case .bool, .dot, .nilValue, .number, .string:
                throw fail("non executable command in pipeline stage \(i + 1)")
            default: break
            }
        }
    }

    private mutating func command() throws -> Command {
        var cmd = Command(pos: peekNonSpace().pos)
        loop: while true {
            _ = peekNonSpace()
            if let op = try operand() { cmd.args.append(op) }
            let t = next()
            switch t.kind {
            case .space: continue loop
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(t, "operand")
            }
            break
        }
        guard !cmd.args.isEmpty else { throw fail("empty command") }
        return cmd
    }

    private mutating func operand() throws -> Operand? {
        guard var node = try term() else { return nil }
        if peek().kind == .field {
            let chainPos = peek().pos
            var fields: [String] = []
            while peek().kind == .field { fields.append(String(next().val.dropFirst())) }
            switch node {
            case .field(_, let names): node = .field(pos: chainPos, names: names + fields)
            case .variable(let v): node = .variable(Variable(pos: chainPos, ident: v.ident + fields))
            case .bool, .string, .number, .nilValue, .dot:
                throw fail("unexpected . after term \(GoQuote.quote(node.description))")
            default: node = .chain(pos: chainPos, node: node, fields: fields)
            }
        }
        return node
    }

    private mutating func term() throws -> Operand? {
        let t = nextNonSpace()
        switch t.kind {
        case .identifier:
            guard functions.contains(t.val) else { throw fail("function \(GoQuote.quote(t.val)) not defined") }
            return .identifier(pos: t.pos, name: t.val)
        case .dot: return .dot(pos: t.pos)
        case .nilKeyword: return .nilValue(pos: t.pos)
        case .variable:
            let ident = Parser.variableIdent(t.val)
            guard vars.contains(ident[0]) else { throw fail("undefined variable \(GoQuote.quote(ident[0]))") }
            return .variable(Variable(pos: t.pos, ident: ident))
        case .field: return .field(pos: t.pos, names: [String(t.val.dropFirst())])
        case .bool: return .bool(pos: t.pos, t.val == "true")
        case .charConstant, .complex, .number:
            return .number(pos: t.pos, try number(t))
        case .leftParen:
            guard parenDepth < Parser.maxDepth else { throw fail("max expression depth exceeded") }
            parenDepth += 1
            defer { parenDepth -= 1 }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            guard let s = GoQuote.unquote(t.val) else { throw fail("invalid syntax") }
            return .string(pos: t.pos, quoted: t.val, text: s)
        default:
            backup()
            return nil
        }
    }

    private func number(_ t: Token) throws -> NumberLiteral {
        var n = NumberLiteral(text: t.val)
        if t.kind == .charConstant {
            guard let s = GoQuote.unquote(t.val), let c = s.unicodeScalars.first else { throw fail("invalid syntax") }
            n.isInt = true; n.int = Int64(c.value)
            n.isUint = true; n.uint = UInt64(c.value)
            n.isFloat = true; n.float = Double(c.value)
            return n
        }
        // Complex constants exist in Go templates but never in ResourceSets.
        if t.kind == .complex || t.val.hasSuffix("i") {
            throw fail("complex constant \(t.val) is not supported by kubectl-rsip")
        }
        if let u = GoNumber.parseUint(t.val) { n.isUint = true; n.uint = u }
        if let i = GoNumber.parseInt(t.val) {
            n.isInt = true; n.int = i
            if i == 0 { n.isUint = true; n.uint = 0 }
        }
        if n.isInt {
            n.isFloat = true; n.float = Double(n.int)
        } else if n.isUint {
            n.isFloat = true; n.float = Double(n.uint)
        } else if let f = GoNumber.parseFloat(t.val) {
            if !t.val.contains(where: { ".eEpP".contains($0) }) {
                throw fail("integer overflow: \(GoQuote.quote(t.val))")
            }
            n.isFloat = true; n.float = f
            if let i = Int64(exactly: f) { n.isInt = true; n.int = i }
            if let u = UInt64(exactly: f) { n.isUint = true; n.uint = u }
        }
        guard n.isInt || n.isUint || n.isFloat else { throw fail("illegal number syntax: \(GoQuote.quote(t.val))") }
        return n
    }
}

/// strconv.ParseInt/ParseUint with base 0 (prefixes, underscores) and ParseFloat.
enum GoNumber {
    static func parseUint(_ text: String) -> UInt64? {
        var s = Substring(text)
        if s.hasPrefix("+") { s = s.dropFirst() }
        var base = 10
        let lower = s.lowercased()
        if lower.hasPrefix("0x") { base = 16; s = s.dropFirst(2) }
        else if lower.hasPrefix("0o") { base = 8; s = s.dropFirst(2) }
        else if lower.hasPrefix("0b") { base = 2; s = s.dropFirst(2) }
        else if s.hasPrefix("0") && s.count > 1 { base = 8; s = s.dropFirst() }
        // Go accepts '_' only between digits and only with a base prefix.
        guard !s.isEmpty, !s.hasPrefix("_"), !s.hasSuffix("_") else { return nil }
        if base == 10 && s.contains("_") { return nil }
        return UInt64(String(s.filter { $0 != "_" }), radix: base)
    }

    static func parseInt(_ text: String) -> Int64? {
        if text.hasPrefix("-") {
            guard let u = parseUint(String(text.dropFirst())), !text.dropFirst().hasPrefix("+") else { return nil }
            if u == UInt64(Int64.max) + 1 { return Int64.min }
            guard u <= UInt64(Int64.max) else { return nil }
            return -Int64(u)
        }
        guard let u = parseUint(text), u <= UInt64(Int64.max) else { return nil }
        return Int64(u)
    }

    static func parseFloat(_ text: String) -> Double? {
        let s = String(text.filter { $0 != "_" })
        guard let d = Double(s), d.isFinite else { return nil }
        return d
    }
}
