// Paths and URLs: Go's path package (base, dir, clean, ext, isAbs; the os* names are
// path/filepath, which on Linux behaves the same) and sprig's urlParse / urlJoin.

import YAML

extension Functions {
    static func pathFunction(_ name: String, _ a: [Value]) throws -> Value? {
        switch name {
        case "base", "osBase": return .string(Paths.base(a[0].string ?? ""))
        case "dir", "osDir": return .string(Paths.dir(a[0].string ?? ""))
        case "clean", "osClean": return .string(Paths.clean(a[0].string ?? ""))
        case "ext", "osExt": return .string(Paths.ext(a[0].string ?? ""))
        case "isAbs", "osIsAbs": return .bool((a[0].string ?? "").hasPrefix("/"))
        case "urlParse":
            let u: GoURL
            do { u = try GoURL.parse(a[0].string ?? "") } catch { throw FunctionError("unable to parse url: \(error.message)") }
            return .object([
                ("scheme", .string(u.scheme)), ("host", .string(u.host)), ("hostname", .string(u.hostname)),
                ("path", .string(u.path)), ("query", .string(u.rawQuery)), ("opaque", .string(u.opaque)),
                ("fragment", .string(u.fragment)), ("userinfo", .string(u.userinfo)),
            ])
        case "urlJoin":
            let d = a[0].object ?? Value.Object()
            /// dictGetOrEmpty: a missing key is "", anything but a string panics.
            func field(_ key: String) throws -> String {
                guard let v = d[key] else { return "" }
                if case .string(let s) = v { return s }
                if case .null = v { throw FunctionError("runtime error: invalid memory address or nil pointer dereference") }
                throw FunctionError("unable to parse \(key) key, must be of type string, but \(Sprig.kindName(v)) found")
            }
            var u = GoURL()
            u.scheme = try field("scheme")
            u.host = try field("host")
            u.path = try field("path")
            u.rawQuery = try field("query")
            u.opaque = try field("opaque")
            u.fragment = try field("fragment")
            let userinfo = try field("userinfo")
            if !userinfo.isEmpty {
                do { u.user = try GoURL.parse("proto://\(userinfo)@host").user } catch {
                    throw FunctionError("unable to parse userinfo in dict: \(error.message)")
                }
            }
            return .string(u.string)
        default: return nil
        }
    }
}

/// Go's `path` package, byte by byte as Go works on strings.
enum Paths {
    /// path.Base.
    static func base(_ p: String) -> String {
        var b = Array(p.utf8)[...]
        if b.isEmpty { return "." }
        while b.last == UInt8(ascii: "/") { b = b.dropLast() }
        if let i = b.lastIndex(of: UInt8(ascii: "/")) { b = b[(i + 1)...] }
        return b.isEmpty ? "/" : String(decoding: b, as: UTF8.self)
    }

    /// path.Dir: everything up to the last slash, cleaned.
    static func dir(_ p: String) -> String {
        let b = Array(p.utf8)
        let end = (b.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        return clean(String(decoding: b[..<end], as: UTF8.self))
    }

    /// path.Ext: from the last dot of the last element, or "".
    static func ext(_ p: String) -> String {
        let b = Array(p.utf8)
        var i = b.count - 1
        while i >= 0 && b[i] != UInt8(ascii: "/") {
            if b[i] == UInt8(ascii: ".") { return String(decoding: b[i...], as: UTF8.self) }
            i -= 1
        }
        return ""
    }

    /// path.Clean: the shortest equivalent path, by Go's lexical rules.
    static func clean(_ p: String) -> String {
        let path = Array(p.utf8)
        if path.isEmpty { return "." }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        let rooted = path[0] == slash
        let n = path.count
        var out: [UInt8] = []
        var r = 0, dotdot = 0
        if rooted { out.append(slash); r = 1; dotdot = 1 }
        while r < n {
            if path[r] == slash {
                r += 1
            } else if path[r] == dot && (r + 1 == n || path[r + 1] == slash) {
                r += 1
            } else if path[r] == dot && path[r + 1] == dot && (r + 2 == n || path[r + 2] == slash) {
                r += 2
                if out.count > dotdot {
                    // Back up to (and drop) the last slash after dotdot.
                    var w = out.count - 1
                    while w > dotdot && out[w] != slash { w -= 1 }
                    out.removeLast(out.count - w)
                } else if !rooted {
                    if !out.isEmpty { out.append(slash) }
                    out += [dot, dot]
                    dotdot = out.count
                }
            } else {
                if (rooted && out.count != 1) || (!rooted && !out.isEmpty) { out.append(slash) }
                while r < n && path[r] != slash { out.append(path[r]); r += 1 }
            }
        }
        return out.isEmpty ? "." : String(decoding: out, as: UTF8.self)
    }
}
