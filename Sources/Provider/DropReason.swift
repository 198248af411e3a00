import GoCompat
/// Why the controller would not export a tag it listed.
public enum DropReason: Sendable, Equatable {
    /// The include pattern (unanchored) does not match it.
    case notIncluded(pattern: String)
    /// The exclude pattern matches it.
    case excluded(pattern: String)
    /// `semver` is set and the tag is not a version by `fluxcd/pkg/version.ParseVersion`.
    case notSemver
    /// A version, but outside the constraint (prereleases need a prerelease comparator).
    case outsideConstraint(String)
    /// Sorted past the first `limit` entries.
    case cutByLimit(limit: Int)

    /// `excluded by excludeTag "^sha256-"`, `beyond the limit of 100`, ...; the field names
    /// say which `spec.filter` field filled the slot.
    public func phrase(includeField: String = "includeTag", excludeField: String = "excludeTag") -> String {
        switch self {
        case .notIncluded(let pattern): return "not matched by \(includeField) \(GoQuote.quote(pattern))"
        case .excluded(let pattern): return "excluded by \(excludeField) \(GoQuote.quote(pattern))"
        case .notSemver: return "not a semantic version"
        case .outsideConstraint(let constraint): return "does not satisfy semver \(GoQuote.quote(constraint))"
        case .cutByLimit(let limit): return "beyond the limit of \(limit)"
        }
    }

    public var phrase: String { phrase() }
}
