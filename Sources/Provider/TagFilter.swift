import Failure
import YAML

/// An RSIP's `spec.filter`, as far as the OCI tag providers use it.
public struct TagFilter: Sendable, Equatable {
    public var includeBranch: String?
    public var includeTag: String?
    public var includeEnvironment: String?
    public var excludeBranch: String?
    public var excludeTag: String?
    public var excludeEnvironment: String?
    public var semver: String?
    public var limit: Int64?

    /// The controller's default when `limit` is unset or not positive.
    public static let defaultLimit = 100

    public init(includeBranch: String? = nil, includeTag: String? = nil, includeEnvironment: String? = nil,
                excludeBranch: String? = nil, excludeTag: String? = nil, excludeEnvironment: String? = nil,
                semver: String? = nil, limit: Int64? = nil) {
        self.includeBranch = includeBranch
        self.includeTag = includeTag
        self.includeEnvironment = includeEnvironment
        self.excludeBranch = excludeBranch
        self.excludeTag = excludeTag
        self.excludeEnvironment = excludeEnvironment
        self.semver = semver
        self.limit = limit
    }

    /// From an RSIP's `spec.filter` (nil or not a mapping: no filter). Fields of the wrong
    /// type are ignored, as the API server would have rejected them.
    public init(spec filter: Value?) {
        self.init(
            includeBranch: filter?["includeBranch"]?.string, includeTag: filter?["includeTag"]?.string,
            includeEnvironment: filter?["includeEnvironment"]?.string,
            excludeBranch: filter?["excludeBranch"]?.string, excludeTag: filter?["excludeTag"]?.string,
            excludeEnvironment: filter?["excludeEnvironment"]?.string,
            semver: filter?["semver"]?.string, limit: filter?["limit"]?.int)
    }

    public var effectiveLimit: Int {
        guard let limit, limit > 0 else { return Self.defaultLimit }
        return Int(clamping: limit)
    }

    /// A regex field by its `spec.filter` name, in the controller's compile order.
    public enum Field: String, Sendable, CaseIterable {
        case includeBranch, includeTag, includeEnvironment, excludeBranch, excludeTag, excludeEnvironment

        public var isInclude: Bool { self == .includeBranch || self == .includeTag || self == .includeEnvironment }
    }

    public func pattern(_ field: Field) -> String? {
        switch field {
        case .includeBranch: return includeBranch
        case .includeTag: return includeTag
        case .includeEnvironment: return includeEnvironment
        case .excludeBranch: return excludeBranch
        case .excludeTag: return excludeTag
        case .excludeEnvironment: return excludeEnvironment
        }
    }

    /// `include=^app-,exclude=...,semver=...,limit=100` (every field that is set, in that order,
    /// the branch/environment variants under their own names), or nil when nothing is set.
    /// `showingDefaultLimit` spells out the limit in effect when none is set.
    public func summary(showingDefaultLimit: Bool = false) -> String? {
        var parts: [String] = []
        let named: [(String, String?)] = [
            ("include", includeTag), ("exclude", excludeTag), ("semver", semver),
            ("includeBranch", includeBranch), ("excludeBranch", excludeBranch),
            ("includeEnvironment", includeEnvironment), ("excludeEnvironment", excludeEnvironment),
        ]
        for (name, value) in named { if let value, !value.isEmpty { parts.append("\(name)=\(value)") } }
        if let limit { parts.append("limit=\(limit)") } else if showingDefaultLimit { parts.append("limit=\(effectiveLimit)") }
        return parts.isEmpty ? nil : parts.joined(separator: ",")
    }
}

/// Why the controller rejects a filter; `summary` is its wording (`invalid includeTag regex`,
/// `invalid semver expression`), `description` adds the cause as the controller's condition
/// message shows it (`invalid includeTag regex: error parsing regexp: ...`).
public struct FilterError: UserFacingError, Equatable, CustomStringConvertible {
    /// `includeTag`, `excludeEnvironment`, ..., or `semver`.
    public var field: String
    /// The rejected pattern or constraint.
    public var pattern: String
    /// The engine's explanation: Go's regexp error or Masterminds' constraint error.
    public var detail: String

    public init(field: String, pattern: String, detail: String) {
        self.field = field
        self.pattern = pattern
        self.detail = detail
    }

    /// `invalid <field> regex` for the six regex fields (the controller's wording for
    /// includeTag/excludeTag/includeBranch/excludeBranch, the same shape for the
    /// Environment fields), `invalid semver expression` for semver.
    public var summary: String {
        field == "semver" ? "invalid semver expression" : "invalid \(field) regex"
    }

    public var description: String { "\(summary): \(detail)" }
    public var message: String { description }
    public var hint: String? { "fix spec.filter.\(field): the controller fails every reconcile with it" }
}

extension InputProvider {
    /// `spec.filter` as the tag pipeline reads it.
    public var tagFilter: TagFilter { TagFilter(spec: object[path: "spec", "filter"]) }
}
