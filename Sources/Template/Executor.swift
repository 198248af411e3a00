// Go's text/template executor (exec.go) over `Value` data: missingkey=error for Flux, the
// option kubectl's --allow-missing-template-keys picks for `get -o go-template`.
// Go distinguishes a missing value (an invalid reflect.Value, printed `<no value>`) from a nil
// stored in a map or list (a nil interface{}); messages differ, so `RV` keeps both apart.

import YAML
import GoCompat

/// A runtime value: `value == nil` is Go's invalid reflect.Value; `boxed` means the value sits
/// in an interface{} slot (a map entry, a list element, an `any` result), which is how Go
/// reports its type ("interface {}") and tells a nil entry from a missing one.
struct RV {
    var value: Value?
    var boxed: Bool
    /// The Go type where `value` does not tell it (see `GoType`); nil for JSON-like data.
    var type: GoType?
    /// A typed nil slice (`[]string(nil)` from a `regexFindAll` without matches): `value` is
    /// an empty list, printed `[]`, but JSON-encoded `null` and not deeply equal to `[]`.
    var isNilSlice = false
    /// The instant of a time.Time (`type == .time`); `value` then holds its String() text so
    /// that code that only prints or quotes it needs no special case.
    var time: GoTime?
    /// Part of kubectl's data (JSON decoded by apimachinery, which keeps integers as int64):
    /// its integers are Go's int64, where a template literal is an int.
    var fromData = false
    /// A slice's capacity where it differs from its length (Go's `slice` may reach past the
    /// length up to it); nil: as JSON decoding leaves a list (see `Functions.appendCapacity`).
    var capacity: Int?

    static let invalid = RV(value: nil, boxed: false)
    init(value: Value?, boxed: Bool) { self.value = value; self.boxed = boxed }
    init(_ value: Value) { self.value = value; self.boxed = false }
    init(_ value: Value, type: GoType?) { self.value = value; self.boxed = false; self.type = type }
    init(time: GoTime) {
        self.value = .string(time.description)
        self.boxed = false
        self.type = .time
        self.time = time
    }
    static func nilSlice(_ type: GoType) -> RV {
        var rv = RV(.array([]), type: type)
        rv.isNilSlice = true
        return rv
    }

    /// An element taken out of this collection value (index, range): typed collections hold
    /// typed elements, `[]interface {}` and maps of interface{} hold boxed ones.
    func element(_ v: Value) -> RV {
        guard let type else {
            var e = RV(value: v, boxed: true)
            e.fromData = fromData
            return e
        }
        let e = type.element
        return e.boxed ? RV(value: v, boxed: true) : RV(v, type: e.type)
    }

    /// What evalPipeline does after each command: look inside an interface{}.
    var dug: RV {
        guard boxed else { return self }
        if case .null? = value { return .invalid }
        var inner = RV(value: value, boxed: false)
        inner.fromData = fromData
        return inner
    }

    /// Go's isTrue; every value we model has a truth value.
    var truth: Bool {
        guard let v = value else { return false }
        switch v {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .uint(let u): return u != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }
}

private enum LoopControl: Error { case breakLoop, continueLoop }

struct Executor {
    let text: String
    let parseName: String
    let leftDelim: String
    let rightDelim: String
    let definitions: [String: [Node]]
    let inputs: Value
    /// The clock reading `ago` and `durationRound` see: the caller's, so rendering is a pure
    /// function of its inputs.
    let now: GoTime
    /// The functions templates may call (Flux's or kubectl's).
    var functions: GoTemplate.FunctionSet = .flux
    /// What a missing map key gives (Go's `missingkey` option).
    var missingKey: GoTemplate.MissingKey = .error

    var templateName: String
    var vars: [(name: String, value: RV)] = []
    var out = ""
    var location: Location?
    var depth = 0
    /// Go stops template calls at 100,000 deep; each call here costs a few KiB of stack (far more
    /// under a sanitizer), so the same guard stops at 10,000, as the parser's limits do. Only a
    /// template that recurses between 10,000 and 100,000 times legitimately would be told
    /// apart from the controller; an endless recursion fails in both, with this number in ours.
    static let maxTemplateDepth = 10_000

    // MARK: - errors

    func error(_ message: String) -> TemplateError {
        guard let loc = location else {
            return TemplateError("template: \(templateName): \(message)")
        }
        let bytes = Array(text.utf8)
        let pos = min(loc.pos, bytes.count)
        var line = 1
        var lastNewline = -1
        for i in 0..<pos where bytes[i] == 0x0A { line += 1; lastNewline = i }
        let col = lastNewline < 0 ? pos : pos - (lastNewline + 1)
        return TemplateError("template: \(parseName):\(line):\(col): executing \(GoQuote.quote(templateName)) at <\(loc.text)>: \(message)")
    }

    mutating func at(_ loc: Location) { location = loc }

    // MARK: - variables

    private func varValue(_ name: String) throws -> RV {
        for v in vars.reversed() where v.name == name { return v.value }
        throw error("undefined variable: \(name)")
    }

    private mutating func setVar(_ name: String, _ value: RV) throws {
        for i in vars.indices.reversed() where vars[i].name == name {
            vars[i].value = value
            return
        }
        throw error("undefined variable: \(name)")
    }

    private mutating func pop(to mark: Int) {
        if vars.count > mark { vars.removeLast(vars.count - mark) }
    }

    // MARK: - walking

    mutating func walk(_ dot: RV, _ list: [Node]) throws {
        for node in list { try walk(dot, node) }
    }

    private mutating func walk(_ dot: RV, _ node: Node) throws {
        switch node {
        case .text(_, let s):
            out += s
        case .action(let pos, let pipe):
            at(.node(pos: pos, text: leftDelim + pipe.description + rightDelim))
            let val = try evalPipeline(dot, pipe)
            if pipe.decl.isEmpty {
                at(.node(pos: pos, text: leftDelim + pipe.description + rightDelim))
                // An invalid value prints as Go's "<no value>".
                out += val.value.map(GoFormat.v) ?? "<no value>"
            }
        case .ifNode(let b):
            try walkIfOrWith(dot, b, isWith: false)
        case .withNode(let b):
            try walkIfOrWith(dot, b, isWith: true)
        case .rangeNode(let b):
            try walkRange(dot, b)
        case .template(let pos, let name, let pipe):
            at(.node(pos: pos, text: "template \(GoQuote.quote(name))"))
            guard let body = definitions[name] else { throw error("template \(GoQuote.quote(name)) not defined") }
            guard depth < Self.maxTemplateDepth else {
                throw error("exceeded maximum template depth (\(Self.maxTemplateDepth))")
            }
            var newDot = RV.invalid
            if let pipe { newDot = try evalPipeline(dot, pipe) }
            // No dynamic scoping: the invoked template sees only `$`, set to its dot.
            let saved = (vars, templateName)
            vars = [("$", newDot)]
            templateName = name
            depth += 1
            defer { depth -= 1; (vars, templateName) = saved }
            try walk(newDot, body)
        case .breakNode:
            throw LoopControl.breakLoop
        case .continueNode:
            throw LoopControl.continueLoop
        }
    }

    private mutating func walkIfOrWith(_ dot: RV, _ b: Branch, isWith: Bool) throws {
        let mark = vars.count
        defer { pop(to: mark) }
        let val = try evalPipeline(dot, b.pipe)
        if val.truth {
            try walk(isWith ? val : dot, b.list)
        } else if let elseList = b.elseList {
            try walk(dot, elseList)
        }
    }

    private mutating func walkRange(_ dot: RV, _ r: Branch) throws {
        at(.node(pos: r.pos, text: leftDelim + "range " + r.pipe.description + rightDelim))
        let mark0 = vars.count
        defer { pop(to: mark0) }
        let val = try evalPipeline(dot, r.pipe)
        let mark = vars.count
        let decl = r.pipe.decl

        func iteration(_ ex: inout Executor, index: RV, elem: RV) throws -> Bool {
            if !decl.isEmpty {
                if r.pipe.isAssign {
                    try ex.setVar(decl[0].ident[0], decl.count > 1 ? index : elem)
                } else {
                    ex.vars[ex.vars.count - 1].value = elem
                }
            }
            if decl.count > 1 {
                if r.pipe.isAssign {
                    try ex.setVar(decl[1].ident[0], elem)
                } else {
                    ex.vars[ex.vars.count - 2].value = index
                }
            }
            defer { ex.pop(to: mark) }
            do {
                try ex.walk(elem, r.list)
            } catch LoopControl.continueLoop {
                return true
            } catch LoopControl.breakLoop {
                return false
            }
            return true
        }

        var ran = false
        switch val.value {
        case .array(let items)?:
            for (i, item) in items.enumerated() {
                ran = true
                if try !iteration(&self, index: RV(.int(Int64(i))), elem: val.element(item)) { break }
            }
        case .object(let o)?:
            // Go ranges over maps in sorted key order.
            for k in o.keys.sorted() {
                ran = true
                if try !iteration(&self, index: RV(.string(k)), elem: val.element(o[k] ?? .null)) { break }
            }
        case .int(let n)?:
            if decl.count > 1 { throw error("can't use \(n) to iterate over more than one variable") }
            var i: Int64 = 0
            while i < n {
                ran = true
                if try !iteration(&self, index: .invalid, elem: RV(.int(i))) { break }
                i += 1
            }
        case nil, .null?:
            break  // an invalid value acts like an empty map
        case let v?:
            throw error("range can't iterate over \(GoFormat.v(v))")
        }
        if !ran, let elseList = r.elseList {
            try walk(dot, elseList)
        }
    }

    // MARK: - evaluation

    mutating func evalPipeline(_ dot: RV, _ pipe: Pipe) throws -> RV {
        at(.pipe(pipe))
        var value: RV?
        for cmd in pipe.cmds {
            value = try evalCommand(dot, cmd, final: value).dug
        }
        let result = value ?? .invalid
        for v in pipe.decl {
            if pipe.isAssign { try setVar(v.ident[0], result) } else { vars.append((v.ident[0], result)) }
        }
        return result
    }

    private mutating func notAFunction(_ args: [Operand], _ final: RV?) throws {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args[0])")
        }
    }

    private mutating func evalCommand(_ dot: RV, _ cmd: Command, final: RV?) throws -> RV {
        let first = cmd.args[0]
        switch first {
        case .field(_, let names):
            at(.operand(first))
            return try evalFieldChain(dot, receiver: dot, names, args: cmd.args, final: final)
        case .chain:
            return try evalChain(dot, first, args: cmd.args, final: final)
        case .identifier(_, let name):
            at(.operand(first))
            return try evalCall(dot, name, node: .command(cmd), args: Array(cmd.args.dropFirst()), final: final)
        case .pipe(let p):
            try notAFunction(cmd.args, final)
            return try evalPipeline(dot, p)
        case .variable(let v):
            return try evalVariable(dot, v, args: cmd.args, final: final)
        default:
            break
        }
        at(.operand(first))
        try notAFunction(cmd.args, final)
        switch first {
        case .bool(_, let b): return RV(.bool(b))
        case .dot: return dot
        case .nilValue: throw error("nil is not a command")
        case .number(_, let n): return try idealConstant(n)
        case .string(_, _, let s): return RV(.string(s))
        default: throw error("can't evaluate command \(GoQuote.quote(first.description))")
        }
    }

    private mutating func idealConstant(_ n: NumberLiteral) throws -> RV {
        let isHexInt = n.text.lowercased().hasPrefix("0x") && !n.text.lowercased().contains("p")
        if n.isFloat && !isHexInt && !n.text.hasPrefix("'") && n.text.contains(where: { ".eEpP".contains($0) }) {
            return RV(.double(n.float))
        }
        if n.isInt { return RV(.int(n.int)) }
        if n.isUint { throw error("\(n.text) overflows int") }
        return .invalid
    }

    private mutating func evalVariable(_ dot: RV, _ v: Variable, args: [Operand], final: RV?) throws -> RV {
        at(.operand(.variable(v)))
        let value = try varValue(v.ident[0])
        if v.ident.count == 1 {
            try notAFunction(args, final)
            return value
        }
        return try evalFieldChain(dot, receiver: value, Array(v.ident.dropFirst()), args: args, final: final)
    }

    private mutating func evalChain(_ dot: RV, _ chain: Operand, args: [Operand], final: RV?) throws -> RV {
        guard case .chain(_, let node, let fields) = chain else { return .invalid }
        at(.operand(chain))
        if case .nilValue = node { throw error("indirection through explicit nil in \(chain)") }
        let receiver = try evalArg(dot, node, .none)
        return try evalFieldChain(dot, receiver: receiver, fields, args: args, final: final)
    }

    private mutating func evalFieldChain(_ dot: RV, receiver: RV, _ names: [String], args: [Operand], final: RV?) throws -> RV {
        var r = receiver
        for name in names.dropLast() { r = try evalField(name, r, hasArgs: false) }
        return try evalField(names[names.count - 1], r, hasArgs: args.count > 1 || final != nil)
    }

    private func evalField(_ name: String, _ receiver: RV, hasArgs: Bool) throws -> RV {
        guard let v = receiver.value else {
            // Treated as a missing key: an error only under missingkey=error.
            if missingKey == .error { throw error("nil data; no entry for key \(GoQuote.quote(name))") }
            return .invalid
        }
        if case .null = v { throw error("nil pointer evaluating interface {}.\(name)") }
        if case .object(let o) = v {
            if hasArgs { throw error("\(name) is not a method but has arguments") }
            guard let x = o[name] else {
                switch missingKey {
                case .error: throw error("map has no entry for key \(GoQuote.quote(name))")
                case .invalid: return .invalid
                case .zero: return receiver.element(.null)
                }
            }
            return receiver.element(x)
        }
        if let t = receiver.time, !hasArgs, let result = t.method(name) { return result }
        let typ = receiver.boxed ? "interface {}" : receiver.typeName
        throw error("can't evaluate field \(name) in type \(typ)")
    }

    // MARK: - arguments

    mutating func evalArg(_ dot: RV, _ node: Operand, _ type: ParamType) throws -> RV {
        at(.operand(node))
        switch node {
        case .dot: return try validate(dot, type)
        case .nilValue:
            switch type {
            case .any: return RV(value: .null, boxed: true)
            case .reflect, .none: return .invalid
            case .map: return RV(.object(Value.Object()))
            default: throw error("cannot assign nil to \(type.goName)")
            }
        case .field(_, let names):
            // Evaluate first: `validate` must see the location the evaluation left behind.
            let v = try evalFieldChain(dot, receiver: dot, names, args: [node], final: nil)
            return try validate(v, type)
        case .variable(let v):
            let value = try evalVariable(dot, v, args: [], final: nil)
            return try validate(value, type)
        case .pipe(let p):
            let v = try evalPipeline(dot, p)
            return try validate(v, type)
        case .identifier(_, let name):
            let v = try evalCall(dot, name, node: .operand(node), args: [], final: nil)
            return try validate(v, type)
        case .chain:
            let v = try evalChain(dot, node, args: [], final: nil)
            return try validate(v, type)
        case .bool(_, let b):
            switch type {
            case .bool, .any, .reflect, .none: return RV(.bool(b))
            case .map, .time: throw error("can't handle \(node) for arg of type \(type.goName)")
            default: throw error("expected \(type.expectedWord); found \(node)")
            }
        case .string(_, _, let s):
            switch type {
            case .string, .any, .reflect, .none: return RV(.string(s))
            case .map, .time: throw error("can't handle \(node) for arg of type \(type.goName)")
            default: throw error("expected \(type.expectedWord); found \(node)")
            }
        case .number(_, let n):
            switch type {
            case .int:
                guard n.isInt else { throw error("expected integer; found \(node)") }
                return RV(.int(n.int))
            case .any, .reflect, .none: return try idealConstant(n)
            case .map, .time: throw error("can't handle \(node) for arg of type \(type.goName)")
            default: throw error("expected \(type.expectedWord); found \(node)")
            }
        }
    }

    /// Go's validateType for the parameter kinds our functions declare.
    func validate(_ rv: RV, _ type: ParamType) throws -> RV {
        switch type {
        case .none, .reflect: return rv
        case .any: return rv.value == nil ? RV(value: .null, boxed: true) : rv
        case .map:
            guard let v = rv.value else { return RV(.object(Value.Object())) }
            if case .object = v, rv.goType == .map(.any) { return RV(v) }
            throw wrongType(rv, type)
        case .string, .int, .bool, .time:
            guard let v = rv.value else { throw error("invalid value; expected \(type.goName)") }
            switch (type, v, rv.goType) {
            case (.string, .string, .string?), (.int, .int, .int?), (.bool, .bool, .bool?): return RV(v)
            case (.time, _, .time?): return rv
            default: throw wrongType(rv, type)
            }
        }
    }

    private func wrongType(_ rv: RV, _ type: ParamType) -> TemplateError {
        let got: String
        if case .null? = rv.value { got = "interface {}" } else { got = rv.typeName }
        return error("wrong type for value; expected \(type.goName); got \(got)")
    }

    // MARK: - calls

    private mutating func evalCall(_ dot: RV, _ name: String, node: Location, args: [Operand], final: RV?) throws -> RV {
        guard let sig = functions.signatures[name] else {
            throw error("\(GoQuote.quote(name)) is not a defined function")
        }
        let numIn = args.count + (final == nil ? 0 : 1)
        if let _ = sig.variadic {
            if numIn < sig.params.count {
                throw error("wrong number of args for \(name): want at least \(sig.params.count) got \(args.count)")
            }
        } else if numIn != sig.params.count {
            throw error("wrong number of args for \(name): want \(sig.params.count) got \(numIn)")
        }
        func paramType(_ i: Int) -> ParamType { i < sig.params.count ? sig.params[i] : (sig.variadic ?? .any) }

        // and/or short-circuit (Go 1.18+): return the first decisive argument.
        if name == "and" || name == "or" {
            var v = RV.invalid
            for arg in args {
                v = try evalArg(dot, arg, .reflect)
                if v.truth == (name == "or") { return v }
            }
            if let final { v = final }
            return v
        }

        var argv: [RV] = []
        for (i, arg) in args.enumerated() { argv.append(try evalArg(dot, arg, paramType(i))) }
        if let final { argv.append(try validate(final, paramType(numIn - 1))) }

        do {
            if name == "call" {
                // Go passes the callee's text (or, for a piped value, reflect.Value.String()).
                // Template data never holds functions, so every call fails.
                let callee: String
                if let first = args.first {
                    callee = first.description
                } else if case .string(let s)? = final?.value {
                    callee = s
                } else {
                    callee = "<\(final?.typeName ?? "invalid") Value>"
                }
                guard let fn = argv.first, let v = fn.value, !v.isNull else { throw FunctionError("call of nil") }
                throw FunctionError("non-function \(callee) of type \(fn.typeName)")
            }
            if functions == .kubectl { return try Functions.kubectlCall(name, argv) }
            return try Functions.call(name, argv, inputs: inputs, now: now)
        } catch let e as FunctionError {
            at(node)
            throw error("error calling \(name): \(e.message)")
        }
    }
}
