import Analysis
import ArgumentParser
import Failure
import Provider

/// `--exclude-tag`, `--include-tag`, `--semver`, `--limit` each replace one field of
/// `spec.filter` (an empty value clears it); `--also-exclude-tag` and `--also-include-tag` add a
/// pattern to the current one instead (`(?:current)|(?:new)`).
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("exclude-tag"), help: ArgumentHelp("New spec.filter.excludeTag ('' clears it).", valueName: "regex"))
    var excludeTag: String?

    @Option(name: .customLong("include-tag"), help: ArgumentHelp("New spec.filter.includeTag ('' clears it).", valueName: "regex"))
    var includeTag: String?

    @Option(name: .customLong("also-exclude-tag"),
            help: ArgumentHelp("Exclude these tags too: ORed with the current excludeTag.", valueName: "regex"))
    var alsoExcludeTag: String?

    @Option(name: .customLong("also-include-tag"),
            help: ArgumentHelp("Include these tags too: ORed with the current includeTag.", valueName: "regex"))
    var alsoIncludeTag: String?

    @Option(name: .customLong("semver"), help: ArgumentHelp("New spec.filter.semver ('' clears it).", valueName: "constraint"))
    var semver: String?

    @Option(name: .customLong("limit"), help: ArgumentHelp("New spec.filter.limit, 0 to 10000 (0 means the default, 100).", valueName: "n"))
    var limit: Int?

    var changesFilter: Bool {
        excludeTag != nil || includeTag != nil || alsoExcludeTag != nil || alsoIncludeTag != nil || semver != nil || limit != nil
    }

    /// `current` with each given flag applied.
    func applied(to current: TagFilter) -> TagFilter {
        var filter = Simulation.filter(current, includeTag: includeTag, excludeTag: excludeTag, semver: semver,
                                       limit: limit.map(Int64.init))
        if let alsoExcludeTag, !alsoExcludeTag.isEmpty { filter.excludeTag = Self.either(filter.excludeTag, alsoExcludeTag) }
        if let alsoIncludeTag, !alsoIncludeTag.isEmpty { filter.includeTag = Self.either(filter.includeTag, alsoIncludeTag) }
        return filter
    }

    /// Go's alternation of two patterns, each grouped so neither's `|` leaks into the other.
    static func either(_ current: String?, _ added: String) -> String {
        guard let current, !current.isEmpty else { return added }
        return "(?:\(current))|(?:\(added))"
    }

    func check() throws(UsageError) {
        if let limit, !(0...10000).contains(limit) {
            throw UsageError("invalid argument \"\(limit)\" for \"--limit\" flag: must be between 0 and 10000 (the CRD's range; 0 means the default, 100)")
        }
        // A pattern or constraint the controller would refuse, named by its flag.
        let given: [(flag: String, value: String?, filter: (String) -> TagFilter)] = [
            ("--exclude-tag", excludeTag, { TagFilter(excludeTag: $0) }),
            ("--include-tag", includeTag, { TagFilter(includeTag: $0) }),
            ("--also-exclude-tag", alsoExcludeTag, { TagFilter(excludeTag: $0) }),
            ("--also-include-tag", alsoIncludeTag, { TagFilter(includeTag: $0) }),
            ("--semver", semver, { TagFilter(semver: $0) }),
        ]
        for (flag, value, filter) in given {
            guard let value, !value.isEmpty else { continue }
            do { _ = try CompiledTagFilter(filter(value)) } catch {
                let kind = flag == "--semver" ? "a Masterminds semver constraint such as '>=1.0.0'"
                    : "a Go regular expression (RE2 syntax), as spec.filter's fields take"
                throw UsageError("invalid argument \"\(value)\" for \"\(flag)\" flag: \(error.detail)",
                                 hint: "\(flag) takes \(kind)")
            }
        }
    }
}
