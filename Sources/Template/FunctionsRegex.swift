// slim-sprig's regex functions over Go's regexp syntax (RE2). The plain forms use
// regexp.MustCompile, whose panic the template reports: `regexp: Compile(`(`): error parsing
// regexp: ...`; the must* forms return the compile error itself; regexMatch swallows it.

import GoCompat
import GoRegexp
import YAML

extension Functions {
    static func regexFunction(_ name: String, _ a: [Value]) throws -> Value? {
        let isMust = name.hasPrefix("must")
        switch name {
        case "regexMatch", "mustRegexMatch":
            do { return .bool(try GoRegex(a[0].string ?? "").matches(a[1].string ?? "")) } catch {
                if isMust { throw FunctionError(error.description) }
                return .bool(false)
            }
        case "regexQuoteMeta":
            return .string(GoRegex.quoteMeta(a[0].string ?? ""))
        case "regexFind", "mustRegexFind":
            return .string(try compile(a[0], must: isMust).findString(a[1].string ?? ""))
        case "regexFindAll", "mustRegexFindAll":
            let found = try compile(a[0], must: isMust).findAllStrings(a[1].string ?? "", limit: Int(clamping: a[2].int ?? 0))
            return found.map { .array($0.map(Value.string)) } ?? .null
        case "regexReplaceAll", "mustRegexReplaceAll", "regexReplaceAllLiteral", "mustRegexReplaceAllLiteral":
            let re = try compile(a[0], must: isMust)
            return .string(re.replaceAll(a[1].string ?? "", with: a[2].string ?? "", literal: name.hasSuffix("Literal")))
        case "regexSplit", "mustRegexSplit":
            let pieces = try compile(a[0], must: isMust).split(a[1].string ?? "", limit: Int(clamping: a[2].int ?? 0))
            return pieces.map { .array($0.map(Value.string)) } ?? .null
        default: return nil
        }
    }

    /// regexp.Compile (must* forms) or regexp.MustCompile, with the error text each gives.
    private static func compile(_ pattern: Value, must: Bool) throws -> GoRegex {
        let text = pattern.string ?? ""
        do { return try GoRegex(text) } catch {
            if must { throw FunctionError(error.description) }
            throw FunctionError("regexp: Compile(\(backquoteOrQuote(text))): \(error.description)")
        }
    }

    /// regexp's quote: backquotes when strconv.CanBackquote allows, else strconv.Quote.
    private static func backquoteOrQuote(_ s: String) -> String {
        let canBackquote = s.unicodeScalars.allSatisfy { r in
            r != "\u{FEFF}" && r != "`" && r != "\u{7F}" && (r.value >= 0x20 || r == "\t")
        }
        return canBackquote ? "`" + s + "`" : GoQuote.quote(s)
    }
}
