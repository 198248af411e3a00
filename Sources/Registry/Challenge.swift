/// One `WWW-Authenticate` challenge (RFC 7235): a scheme and its parameters. Registries send
/// `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`; quoted values may hold
/// commas (`scope="repository:x:pull,push"`), which is why a naive split on `,` is wrong.
public struct Challenge: Sendable, Equatable {
    /// As sent (`Bearer`, `basic`, ...); compare through `kind`.
    public var scheme: String
    /// Parameter names lower-cased (they are case-insensitive); values unquoted and unescaped.
    public var parameters: [String: String]

    public enum Kind: Sendable, Equatable { case bearer, basic, other }

    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme; self.parameters = parameters
    }

    public var kind: Kind {
        switch scheme.lowercased() {
        case "bearer": return .bearer
        case "basic": return .basic
        default: return .other
        }
    }
    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    /// `scope` may list several scopes separated by spaces.
    public var scopes: [String] {
        (parameters["scope"] ?? "").split(separator: " ").map(String.init)
    }
    /// `error="invalid_token"` / `"insufficient_scope"` on a retried request.
    public var error: String? { parameters["error"] }

    /// All challenges of one header value, in order. Unparseable trailing junk is dropped rather
    /// than failing: a registry with a sloppy header should still be reachable anonymously.
    public static func parse(_ header: String) -> [Challenge] {
        var scanner = Scanner(Array(header.utf8))
        var out: [Challenge] = []
        while true {
            scanner.skip { $0 == .space || $0 == .tab || $0 == .comma }
            guard let name = scanner.token() else {
                // Not a token: skip one byte so malformed input cannot loop forever.
                if scanner.atEnd { break }
                scanner.advance(); continue
            }
            scanner.skip { $0 == .space || $0 == .tab }
            if scanner.peek == .equals, !out.isEmpty {
                // `name=value` belongs to the current challenge.
                scanner.advance()
                scanner.skip { $0 == .space || $0 == .tab }
                let value = scanner.peek == .quote ? scanner.quoted() : (scanner.bareValue() ?? "")
                out[out.count - 1].parameters[name.lowercased()] = value
            } else {
                // A token not followed by `=` starts the next challenge. (token68 credentials
                // such as `Basic dXNlcg==` only occur in requests, not in challenges.)
                out.append(Challenge(scheme: name))
            }
        }
        return out
    }

    /// Challenges from several header lines (a response may repeat `WWW-Authenticate`).
    public static func parse(headers: [String]) -> [Challenge] { headers.flatMap { parse($0) } }

    /// The one to answer: Bearer over Basic (spec 3.1), other schemes never.
    public static func preferred(_ challenges: [Challenge]) -> Challenge? {
        challenges.first { $0.kind == .bearer } ?? challenges.first { $0.kind == .basic }
    }
}

private extension UInt8 {
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), comma = UInt8(ascii: ",")
    static let equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
}

/// Byte scanner for the RFC 7230 token / quoted-string grammar.
private struct Scanner {
    let bytes: [UInt8]
    var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[position] }
    mutating func advance() { position += 1 }
    mutating func skip(while pred: (UInt8) -> Bool) {
        while let b = peek, pred(b) { position += 1 }
    }

    static func isTokenChar(_ b: UInt8) -> Bool {
        if b >= 0x30 && b <= 0x39 || b >= 0x41 && b <= 0x5A || b >= 0x61 && b <= 0x7A { return true }
        return "!#$%&'*+-.^_`|~".utf8.contains(b)
    }

    mutating func token() -> String? {
        let start = position
        skip(while: Scanner.isTokenChar)
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    /// An unquoted value: token characters plus the few extras registries put there (`/`, `:`,
    /// `=` padding, `@`), up to a comma or whitespace.
    mutating func bareValue() -> String? {
        let start = position
        skip { b in b != .comma && b != .space && b != .tab && b != .quote }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    /// A quoted-string; `\x` yields `x`. An unterminated string runs to the end.
    mutating func quoted() -> String {
        advance() // opening quote
        var out: [UInt8] = []
        while let b = peek {
            advance()
            if b == .backslash, let next = peek { out.append(next); advance(); continue }
            if b == .quote { break }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
