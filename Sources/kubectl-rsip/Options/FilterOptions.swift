import Analysis
import ArgumentParser
import Failure
import Provider

/// `--exclude-tag`, `--include-tag`, `--semver`, `--limit`: each replaces one field of
/// `spec.filter`; an empty value clears it.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("exclude-tag"), help: ArgumentHelp("New spec.filter.excludeTag ('' clears it).", valueName: "regex"))
    var excludeTag: String?

    @Option(name: .customLong("include-tag"), help: ArgumentHelp("New spec.filter.includeTag ('' clears it).", valueName: "regex"))
    var includeTag: String?

    @Option(name: .customLong("semver"), help: ArgumentHelp("New spec.filter.semver ('' clears it).", valueName: "constraint"))
    var semver: String?

    @Option(name: .customLong("limit"), help: ArgumentHelp("New spec.filter.limit, 0 to 10000 (0 means the default, 100).", valueName: "n"))
    var limit: Int?

    var changesFilter: Bool { excludeTag != nil || includeTag != nil || semver != nil || limit != nil }

    /// `current` with each given flag replacing its field.
    func applied(to current: TagFilter) -> TagFilter {
        Simulation.filter(current, includeTag: includeTag, excludeTag: excludeTag, semver: semver, limit: limit.map(Int64.init))
    }

    func check() throws(UserError) {
        if let limit, !(0...10000).contains(limit) {
            throw UserError("invalid argument \"\(limit)\" for \"--limit\" flag: must be between 0 and 10000 (the CRD's range; 0 means the default, 100)")
        }
    }
}
