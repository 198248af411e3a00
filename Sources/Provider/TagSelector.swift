/// The controller's tag pipeline (`filtering.Filters.Tags`): include/exclude in registry
/// order, then semver filter + stable newest-first sort (or plain reverse byte order), then
/// the limit. No deduplication: registries may list a tag twice and so does the result.
public enum TagSelector {
    public static func select(_ tags: [String], filter: TagFilter) throws(FilterError) -> TagSelection {
        select(tags, compiled: try CompiledTagFilter(filter))
    }

    public static func select(_ tags: [String], compiled: CompiledTagFilter) -> TagSelection {
        var dropped: [TagSelection.Drop] = []
        func drop(_ index: Int, _ reason: DropReason) { dropped.append(.init(index: index, tag: tags[index], reason: reason)) }

        // 1. Regex slots, unanchored, in registry order.
        var kept: [Int] = []
        for (i, tag) in tags.enumerated() {
            if let include = compiled.include, !include.matches(tag) {
                drop(i, .notIncluded(pattern: include.pattern))
            } else if let exclude = compiled.exclude, exclude.matches(tag) {
                drop(i, .excluded(pattern: exclude.pattern))
            } else {
                kept.append(i)
            }
        }

        // 2. Order.
        let ordered: [Int]
        if let constraint = compiled.semver {
            var versions: [(index: Int, version: Semver)] = []
            for i in kept {
                guard let version = FluxVersion.parse(tags[i]) else { drop(i, .notSemver); continue }
                guard constraint.check(version) else { drop(i, .outsideConstraint(constraint.text)); continue }
                versions.append((i, version))
            }
            // Newest first; ties (1.2.3, v1.2.3, 1.2.3+b) keep registry order.
            ordered = stableSorted(versions) { $0.version.compare($1.version) > 0 }.map(\.index)
        } else {
            // slices.Sort then slices.Reverse: descending by bytes (not natural order).
            ordered = kept.sorted { tags[$1].utf8.lexicographicallyPrecedes(tags[$0].utf8) }
        }

        // 3. Limit.
        let limit = compiled.filter.effectiveLimit
        for i in ordered.dropFirst(limit) { drop(i, .cutByLimit(limit: limit)) }

        return TagSelection(
            selected: ordered.prefix(limit).map { tags[$0] },
            dropped: dropped.sorted { $0.index < $1.index },
            includeField: compiled.includeField, excludeField: compiled.excludeField)
    }

    /// Swift's `sort` is not guaranteed stable; sort by (key, original position) instead.
    private static func stableSorted<T>(_ items: [T], by before: (T, T) -> Bool) -> [T] {
        items.enumerated().sorted { a, b in
            if before(a.element, b.element) { return true }
            if before(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element)
    }
}
