import GoRegexp
/// A `TagFilter` with its patterns compiled, as the controller's `makeFilters` builds it.
public struct CompiledTagFilter: Sendable {
    public var filter: TagFilter
    public var include: GoRegex?
    public var includeField: TagFilter.Field?
    public var exclude: GoRegex?
    public var excludeField: TagFilter.Field?
    public var semver: SemverConstraint?

    /// Compiles every non-empty field in the controller's order and fails on the first error,
    /// even in a field a later one overrides.
    public init(_ filter: TagFilter) throws(FilterError) {
        self.filter = filter
        for field in TagFilter.Field.allCases {
            guard let pattern = filter.pattern(field), !pattern.isEmpty else { continue }
            let regex: GoRegex
            do {
                regex = try GoRegex(pattern)
            } catch {
                throw FilterError(field: field.rawValue, pattern: pattern, detail: error.description)
            }
            if field.isInclude { (include, includeField) = (regex, field) } else { (exclude, excludeField) = (regex, field) }
        }
        if let text = filter.semver, !text.isEmpty {
            do {
                semver = try SemverConstraint(text)
            } catch {
                throw FilterError(field: "semver", pattern: text, detail: error.description)
            }
        }
    }
}
