/// A Masterminds/semver v3 constraint (`NewConstraint` + `Check`), as the controller applies
/// `spec.filter.semver`: `||` separates OR-groups, `,` or whitespace ANDs comparators.
///
/// Prereleases (v3.4+ rule): a prerelease version can only satisfy an OR-group in which at
/// least one comparator names a prerelease (`>=1.0.0-0`); otherwise that group rejects it.
public struct SemverConstraint: Sendable, Equatable, CustomStringConvertible {
    /// The text as written in the filter.
    public let text: String
    let groups: [[Comparator]]

    /// Masterminds' `MaxConstraintLen` and `MaxConstraintGroups`.
    public static let maxLength = 512
    public static let maxGroups = 32

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Masterminds' message, e.g. `improper constraint: >=>1`.
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        self.text = text
        guard text.utf8.count <= Self.maxLength else {
            throw ParseError(description: "constraint string is too long (max \(Self.maxLength) bytes)")
        }
        let rewritten = Self.rewriteHyphenRanges(text)
        let ors = GoStrings.split(rewritten, "||")
        guard ors.count <= Self.maxGroups else {
            throw ParseError(description: "too many constraint groups (max \(Self.maxGroups))")
        }
        var groups: [[Comparator]] = []
        for group in ors {
            guard SemverConstraintGrammar.validGroup.matches(group) else {
                throw ParseError(description: "improper constraint: \(group)")
            }
            let atoms = SemverConstraintGrammar.findAtom.findAllSubmatches(group).compactMap { $0.first ?? nil }
            var comparators: [Comparator] = []
            for atom in atoms.isEmpty ? [Substring(group)] : atoms {
                comparators.append(try Comparator(String(atom)))
            }
            groups.append(comparators)
        }
        self.groups = groups
    }

    /// `Constraints.Check`.
    public func check(_ version: Semver) -> Bool {
        groups.contains { group in
            let includePrerelease = group.contains { $0.version.isPrerelease }
            return group.allSatisfy { $0.check(version, includePrerelease: includePrerelease) }
        }
    }

    public var description: String { text }

    public static func == (a: SemverConstraint, b: SemverConstraint) -> Bool { a.text == b.text }

    /// `1.2 - 1.4.5` becomes `>= 1.2, <= 1.4.5 `: each match is replaced at the first place its
    /// text occurs (strings.Replace n=1), as Masterminds' rewriteRange does.
    static func rewriteHyphenRanges(_ text: String) -> String {
        var out = text
        for match in SemverConstraintGrammar.hyphenRange.findAllSubmatches(text) {
            guard let whole = match[0], match.count > 11, let from = match[1], let to = match[11] else { continue }
            out = GoStrings.replaceFirst(out, String(whole), with: ">= \(from), <= \(to) ")
        }
        return out
    }
}
