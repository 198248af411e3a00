import CRE2

/// A compiled Go-syntax regular expression, matched by RE2 in linear time. Filters come from
/// cluster objects, so a backtracking engine (Swift's `Regex`, NSRegularExpression) is out.
public final class GoRegex: @unchecked Sendable { // RE2 objects are immutable and thread-safe for matching
    public let pattern: String
    private let handle: OpaquePointer

    public init(_ pattern: String) throws(GoRegexError) {
        let translated = try GoRegexSyntax.translate(pattern)
        var error = cre2_error(code: 0, arg: nil, message: nil)
        var bytes = Array(translated.utf8)
        let compiled = bytes.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) { cre2_compile($0, buf.count, &error) }
            } ?? cre2_compile("", 0, &error)
        }
        guard let compiled else {
            defer { cre2_error_clear(&error) }
            let fragment = error.arg.map { String(cString: $0) } ?? ""
            throw GoRegexError(pattern: pattern, code: .init(re2Code: error.code), fragment: fragment)
        }
        self.pattern = pattern
        self.handle = compiled
    }

    deinit { cre2_free(handle) }

    /// Go's `MatchString`: an unanchored search anywhere in `s`.
    public func matches(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { buf in
            buf.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buf.count) { cre2_partial_match(handle, $0, buf.count) }
            } ?? cre2_partial_match(handle, "", 0)
        } == 1
    }

    var groupCount: Int { Int(cre2_group_count(handle)) }

    /// Go's `FindAllStringSubmatch` (n = -1): successive non-overlapping leftmost-first
    /// matches; each entry holds the whole match then every group (nil when it did not take part).
    func findAllSubmatches(_ s: String) -> [[Substring?]] {
        let bytes = Array(s.utf8)
        let spanCount = groupCount + 1
        var results: [[Substring?]] = []
        var pos = 0
        var prevEnd = -1
        while pos <= bytes.count {
            guard let spans = find(bytes, from: pos, spanCount: spanCount) else { break }
            var accept = true
            let (start, end) = (spans[0], spans[1])
            if end == start {
                // Empty match: skip it when it abuts the previous match, then step one rune.
                if start == prevEnd { accept = false }
                pos = end + max(1, runeLength(bytes, at: end))
            } else {
                pos = end
            }
            prevEnd = end
            if accept {
                results.append((0..<spanCount).map { g in
                    let (a, b) = (spans[2 * g], spans[2 * g + 1])
                    guard a >= 0, b >= a else { return nil }
                    return Substring(String(decoding: bytes[a..<b], as: UTF8.self))
                })
            }
        }
        return results
    }

    /// Go's `FindStringSubmatch` for an anchored pattern: the groups of the first match, or nil.
    func firstSubmatch(_ s: String) -> [Substring?]? {
        findAllSubmatches(s).first
    }

    private func find(_ bytes: [UInt8], from pos: Int, spanCount: Int) -> [Int]? {
        var spans = [Int64](repeating: -1, count: 2 * spanCount)
        let found = bytes.withUnsafeBufferPointer { buf in
            spans.withUnsafeMutableBufferPointer { out in
                buf.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                        cre2_find(handle, $0, buf.count, pos, out.baseAddress, Int32(spanCount))
                    }
                } ?? cre2_find(handle, "", 0, pos, out.baseAddress, Int32(spanCount))
            }
        }
        return found == 1 ? spans.map { Int($0) } : nil
    }

    private func runeLength(_ bytes: [UInt8], at i: Int) -> Int {
        guard i < bytes.count else { return 1 }
        let lead = bytes[i]
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}

extension GoRegex {
    /// The RE2 library in use (its soname, e.g. `libre2.so.9`), for `kubectl rsip version`.
    public static var libraryName: String {
        cre2_library_name().map { String(cString: $0) } ?? "unknown"
    }
}
