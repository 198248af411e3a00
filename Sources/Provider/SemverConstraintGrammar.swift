import GoRegexp
/// The regular expressions Masterminds/semver v3 parses constraints with, compiled by the same
/// engine family (RE2 and Go's regexp share syntax and leftmost-first semantics), so edge
/// cases such as `>=>1`, `1.2.3 - 2` or `~>1` split exactly as in Go.
enum SemverConstraintGrammar {
    static let ops = #"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"#

    /// Groups: 1 major, 2 .minor, 3 .patch, 4 -prerelease, ... (11 in all).
    static let version = #"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"#
        + #"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
        + #"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#

    // The patterns are constants of this file; a failure here is a programming error.
    static let atom = compile(#"^\s*("# + ops + #")\s*("# + version + #")\s*$"#)
    static let hyphenRange = compile(#"\s*("# + version + #")\s+-\s+("# + version + #")\s*"#)
    static let findAtom = compile("(" + ops + #")\s*("# + version + ")")
    static let validGroup = compile(
        #"^(\s*("# + ops + #")\s*("# + version + #")\s*)((?:\s+|,\s*)("# + ops + #")\s*("# + version + #")\s*)*$"#)

    private static func compile(_ pattern: String) -> GoRegex {
        do { return try GoRegex(pattern) } catch { preconditionFailure("constraint grammar: \(error)") }
    }
}
