import Foundation
/// What Masterminds' prerelease rule does to a constraint (spec 2.5 step 3): a prerelease
/// version only passes an OR-group that names a prerelease itself, so `>=1.0.0` drops
/// `1.2.0-rc.1` although it is above 1.0.0, and `>=1.0.0-0` keeps it.
extension SemverConstraint {
    /// Whether some OR-group names a prerelease, so prereleases can pass at all.
    public var admitsPrereleases: Bool {
        groups.contains { group in group.contains { $0.version.isPrerelease } }
    }

    /// Whether `version` would pass if the prerelease rule did not apply: a prerelease this
    /// constraint drops only because of that rule.
    public func checkIgnoringPrereleaseRule(_ version: Semver) -> Bool {
        groups.contains { group in group.allSatisfy { $0.check(version, includePrerelease: true) } }
    }

    /// The same constraint in the `-0` form that lets `versions` (prereleases it drops only by
    /// the rule) through: each lower bound (`>=`, `~`, `^`, an x-range) gets `-0`
    /// (`>=1.0.0` -> `>=1.0.0-0`), else each OR-group gets `>=0.0.0-0` in front. Nil when
    /// neither form admits them all.
    public func prereleaseForm(admitting versions: [Semver]) -> String? {
        func admitsAll(_ text: String) -> Bool {
            guard let candidate = try? SemverConstraint(text) else { return false }
            return versions.allSatisfy(candidate.check)
        }
        let lowered = Self.withPrereleaseLowerBounds(text)
        if lowered != text, admitsAll(lowered) { return lowered }
        let floored = GoStrings.split(text, "||")
            .map { ">=0.0.0-0 " + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " || ")
        return admitsAll(floored) ? floored : nil
    }

    /// `-0` after the version of every lower-bound comparator without a prerelease. Bare
    /// versions are equalities (`1.2.3` means `=1.2.3`) unless they hold a wildcard.
    static func withPrereleaseLowerBounds(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var insertions: [Int] = []
        for m in SemverConstraintGrammar.findAtom.findAllIndex(text) where m.count >= 20 {
            // Groups: 1 operator, 2 version, 6 "-prerelease", 9 "+metadata".
            guard m[12] == -1, m[2] >= 0, m[5] >= 0 else { continue }
            let op = String(decoding: bytes[m[2]..<m[3]], as: UTF8.self)
            let version = bytes[m[4]..<m[5]]
            let wildcard = version.contains { $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") || $0 == UInt8(ascii: "*") }
            guard [">=", "=>", "~", "~>", "^"].contains(op) || (op.isEmpty && wildcard) else { continue }
            insertions.append(m[18] >= 0 ? m[18] : m[5])
        }
        var out = bytes
        for at in insertions.sorted(by: >) { out.insert(contentsOf: Array("-0".utf8), at: at) }
        return String(decoding: out, as: UTF8.self)
    }
}
