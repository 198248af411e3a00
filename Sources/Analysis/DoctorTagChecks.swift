import GoCompat
import GoRegexp
import Provider
import YAML

extension Doctor {
    /// InvalidFilter, then the codes that need the tag list: from the registry (every code), or
    /// from the status with `--from-status` or when the registry could not be read (the ones
    /// the exported tags can show).
    static func tagFindings(_ p: InputProvider, _ input: DoctorInput, into out: inout Collector) {
        let fix = Fix(provider: p)
        let filter = p.tagFilter
        let compiled: CompiledTagFilter
        do {
            compiled = try CompiledTagFilter(filter)
        } catch {
            let example = error.field == "semver" ? #"a Masterminds constraint such as ">=1.0.0""#
                : "a Go (RE2) regular expression: no lookaround, no backreferences"
            out.add(DoctorFinding(code: .invalidFilter, object: .provider(p), provider: p.key,
                                  message: "spec.filter.\(error.field) \(GoQuote.quote(error.pattern)) is rejected on every "
                                      + "reconcile (\(error.description)), so the provider exports nothing new",
                                  fix: "set spec.filter.\(error.field) to \(example)"))
            return
        }

        var registry: (tags: [String], digests: [String: String])?
        switch input.repositories[p.key]?.listing ?? .notAsked {
        case .listed(let tags, let digests):
            registry = (tags, digests)
        case .failed(let message, let hint):
            out.gap(DoctorGap(object: .provider(p), provider: p.key, message: message,
                              hint: [hint, "its registry checks were made from status.exportedInputs"].compactMap { $0 }
                                .joined(separator: "; ")))
        case .notAsked:
            break
        }
        let tags = registry?.tags ?? TagList.exported(by: p).tags
        let selection = TagSelector.select(tags, compiled: compiled)
        let limit = filter.effectiveLimit
        // What passes the filter, in the controller's order: the kept tags, then those the limit cuts.
        let cut = selection.dropped.filter { if case .cutByLimit = $0.reason { return true }; return false }.map(\.tag)
        let passing = selection.selected + orderLikeSelection(cut, semver: compiled.semver != nil)
        func finding(_ code: DoctorCode, _ message: String, _ fixText: String) {
            out.add(DoctorFinding(code: code, object: .provider(p), provider: p.key, message: message, fix: fixText))
        }

        if compiled.semver == nil, let (low, high) = textOrderInversion(passing, kept: selection.selected.count) {
            let floor = [low, high].contains { FluxVersion.parse($0)?.isPrerelease == true } ? ">=0.0.0-0" : ">=0.0.0"
            let cutNote = selection.selected.contains(high) ? "" : ", and the limit cuts \(high)"
            finding(.textOrderedVersions,
                    "without spec.filter.semver tags sort as text, so \(low) ranks above the higher version \(high)\(cutNote)",
                    "set spec.filter.semver: \"\(floor)\" to sort by version (tags that are not versions are then dropped); "
                        + "preview: \(fix.simulate("--semver '\(floor)'"))")
        }

        if let registry {
            prereleaseFindings(p, selection, compiled, tags: registry.tags, fix: fix, into: &out)
        }

        if selection.selected.count >= limit {
            if registry != nil {
                let count = passing.count - selection.selected.count
                let detail = count == 0
                    ? "exactly \(limit) tags pass the filter, its spec.filter.limit: the next tag pushed cuts the oldest"
                    : "\(passing.count) tags pass the filter and spec.filter.limit keeps \(limit): \(count) are cut, the newest of them \(passing[limit])"
                finding(.limitReached, detail,
                        "raise spec.filter.limit (at most 10000) or narrow the filter; preview: "
                            + fix.simulate("--limit \(min(10000, max(passing.count, limit) * 2))"))
            } else {
                finding(.limitReached, "it exports \(selection.selected.count) inputs, its spec.filter.limit: older tags are cut "
                            + "(how many, only the registry can say)",
                        "raise spec.filter.limit (at most 10000) or narrow the filter; preview: "
                            + fix.simulate("--limit \(min(10000, limit * 2))"))
            }
        }

        if registry != nil, !tags.isEmpty, selection.selected.isEmpty {
            let (fields, detail) = dropSummary(selection, filter: filter)
            finding(.filterMatchesNothing,
                    "the registry lists \(tags.count) tag(s) and none passes (\(detail)): its ResourceSets apply an empty "
                        + "set and prune what they created at the next reconcile",
                    "change \(fields) to match the tags you deploy; why each tag is dropped: \(fix.why)")
        }

        let kept = registry != nil ? selection.selected.map { Value.object([("tag", .string($0))]) } : p.exportedInputs
        for collision in StatusCheck.idCollisions(kept) {
            let tags = collision.tags.joined(separator: " and ")
            finding(.duplicateIDs, "tags \(tags) share the id \(collision.id): a ResourceSet that names objects after "
                        + "inputs.id renders one object for both and keeps the first",
                    "name the objects after inputs.tag, or exclude one: spec.filter.excludeTag: "
                        + "'^\(GoRegex.quoteMeta(collision.tags.last ?? ""))$'")
        }

        if let registry, !input.fromStatus {
            let digests = registry.digests
            let prediction = Prediction.finish(p, tags: registry.tags, selection: selection, digests: digests)
            let changes = prediction.diff.changes
            let added = changes.filter { $0.reason == .newTag }.map(\.tag)
            let moved = changes.filter { $0.reason == .newDigest }.map(\.tag)
            let gone = changes.filter { $0.reason == .deletedTag }.map(\.tag)
            var parts: [String] = []
            if !added.isEmpty { parts.append("\(added.count) tag(s) it does not export (\(names(added)))") }
            if !moved.isEmpty { parts.append("\(moved.count) new digest(s) for exported tags (\(names(moved)))") }
            var sentence = parts.isEmpty ? "" : "the registry holds " + parts.joined(separator: " and ")
            if !gone.isEmpty {
                sentence += (sentence.isEmpty ? "" : ", and ") + "\(gone.count) exported tag(s) are gone from the registry (\(names(gone)))"
            }
            if !sentence.isEmpty {
                finding(.registryAhead, sentence + ": the next reconcile changes its inputs",
                        (p.isSuspended ? fix.resume : fix.reconcile) + " (the changes: \(fix.diff))")
            }
        }
    }

    /// The controller's order for tags cut by the limit (given in registry order): by version,
    /// newest first, or descending bytes without semver.
    static func orderLikeSelection(_ tags: [String], semver: Bool) -> [String] {
        guard semver else { return tags.sorted { $1.utf8.lexicographicallyPrecedes($0.utf8) } }
        let versions = tags.enumerated().compactMap { i, t in FluxVersion.parse(t).map { (i, t, $0) } }
        return versions.sorted { a, b in
            let c = a.2.compare(b.2)
            return c != 0 ? c > 0 : a.0 < b.0
        }.map(\.1)
    }

    /// The first kept version that text order ranks above a higher version (kept or cut), and
    /// that higher version: what an unanchored text sort does to `v0.3.9` and `v0.3.10`.
    static func textOrderInversion(_ passing: [String], kept: Int) -> (low: String, high: String)? {
        let versions = passing.map(FluxVersion.parse)
        guard versions.compactMap({ $0 }).count >= 2 else { return nil }
        // The highest version after each position.
        var best: [Int?] = Array(repeating: nil, count: passing.count + 1)
        for i in stride(from: passing.count - 1, through: 0, by: -1) {
            best[i] = best[i + 1]
            if let v = versions[i], best[i].flatMap({ versions[$0] }).map({ v.compare($0) > 0 }) ?? true { best[i] = i }
        }
        for i in 0..<min(kept, passing.count) {
            guard let v = versions[i], let j = best[i + 1], let w = versions[j], w.compare(v) > 0 else { continue }
            return (passing[i], passing[j])
        }
        return nil
    }

    /// PrereleasesDropped: prerelease tags the constraint would admit but for Masterminds' rule.
    static func prereleaseFindings(_ p: InputProvider, _ selection: TagSelection, _ compiled: CompiledTagFilter,
                                   tags: [String], fix: Fix, into out: inout Collector) {
        guard let constraint = compiled.semver, !constraint.admitsPrereleases else { return }
        var dropped: [Semver] = []
        for drop in selection.dropped {
            guard case .outsideConstraint = drop.reason, let v = FluxVersion.parse(drop.tag), v.isPrerelease,
                  constraint.checkIgnoringPrereleaseRule(v), !dropped.contains(where: { $0.original == v.original }) else { continue }
            dropped.append(v)
        }
        guard !dropped.isEmpty else { return }
        let newest = dropped.enumerated().sorted { a, b in
            let c = a.element.compare(b.element)
            return c != 0 ? c > 0 : a.offset < b.offset
        }.map(\.element.original)
        let fixText: String
        if let form = constraint.prereleaseForm(admitting: dropped) {
            fixText = "set spec.filter.semver: \"\(form)\" to keep prereleases; preview: \(fix.simulate("--semver '\(form)'"))"
        } else {
            fixText = "give the constraint a prerelease lower bound (for example >=1.0.0-0) to keep prereleases"
        }
        out.add(DoctorFinding(code: .prereleasesDropped, object: .provider(p), provider: p.key,
                              message: "semver \(GoQuote.quote(constraint.text)) drops \(dropped.count) prerelease tag(s) "
                                  + "within its range (\(names(newest))): a constraint without a prerelease admits none",
                              fix: fixText))
    }

    /// Which filter fields drop every tag, and how many each drops.
    static func dropSummary(_ selection: TagSelection, filter: TagFilter) -> (fields: String, detail: String) {
        var counts: [(field: String, pattern: String, count: Int)] = []
        func count(_ field: String, _ pattern: String) {
            if let i = counts.firstIndex(where: { $0.field == field }) { counts[i].count += 1 } else { counts.append((field, pattern, 1)) }
        }
        for drop in selection.dropped {
            switch drop.reason {
            case .notIncluded(let pattern): count("spec.filter." + (selection.includeField ?? .includeTag).rawValue, pattern)
            case .excluded(let pattern): count("spec.filter." + (selection.excludeField ?? .excludeTag).rawValue, pattern)
            case .notSemver, .outsideConstraint: count("spec.filter.semver", filter.semver ?? "")
            case .cutByLimit: count("spec.filter.limit", String(filter.effectiveLimit))
            }
        }
        let detail = counts.map { "\($0.field) \(GoQuote.quote($0.pattern)) drops \($0.count)" }.joined(separator: ", ")
        return (counts.map { "\($0.field) (now \(GoQuote.quote($0.pattern)))" }.joined(separator: " or "), detail)
    }

    /// Up to three names, then how many more.
    static func names(_ tags: [String]) -> String {
        tags.count <= 3 ? tags.joined(separator: ", ") : tags.prefix(3).joined(separator: ", ") + " and \(tags.count - 3) more"
    }
}
