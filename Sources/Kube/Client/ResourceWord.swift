/// A resource type as discovery lists it, with the names kubectl accepts for it.
public struct DiscoveredResource: Sendable, Equatable {
    public var type: ResourceType
    /// `shortNames` from the `APIResourceList` (`deploy`, `ks`, `rsip`).
    public var shortNames: [String]

    public init(type: ResourceType, shortNames: [String] = []) {
        self.type = type
        self.shortNames = shortNames
    }
}

/// The `TYPE` of a `TYPE/NAME` argument, read the way kubectl's resource builder reads it:
/// `deploy`, `deployments`, `deployment`, `Deployment`, `deployments.apps`, `deploy.apps`,
/// `deployments.v1.apps`, `Deployment.v1.apps`.
public struct ResourceWord: Sendable, Equatable, CustomStringConvertible {
    public var text: String

    public init(_ text: String) { self.text = text }

    public var description: String { text }

    /// `resource.version.group` when the word has two dots or more (`deployments.v1.apps`).
    var fullySpecified: (resource: String, version: String, group: String)? {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// `resource` and the group after its first dot, if any (`deploy.apps`, `kustomizations.kustomize.toolkit.fluxcd.io`).
    var groupResource: (resource: String, group: String?) {
        guard let dot = text.firstIndex(of: ".") else { return (text, nil) }
        return (String(text[..<dot]), String(text[text.index(after: dot)...]))
    }

    /// Resolves the word among `resources`, which must be in discovery's priority order (the core
    /// group first, then the groups as `/apis` lists them, each group's preferred version first):
    /// kubectl's RESTMapper picks the first match in that order.
    ///
    /// 1. a fully specified `resource.version.group`;
    /// 2. else the resource (plural or singular, compared lowercased) in the given group or any,
    ///    after expanding a short name (exact plural and singular names are never expanded; with
    ///    a group, a short name also matches a group that starts with it: `deploy.app`);
    /// 3. else a kind, `Kind`, `Kind.group` or `Kind.version.group`, compared exactly.
    public func resolve(among resources: [DiscoveredResource]) -> ResourceType? {
        if let full = fullySpecified,
           let found = match(full.resource, group: full.group, version: full.version, in: resources) {
            return found
        }
        let (resource, group) = groupResource
        if let found = match(resource, group: group, version: nil, in: resources) { return found }
        return kind(in: resources)
    }

    private func match(_ resource: String, group: String?, version: String?, in resources: [DiscoveredResource]) -> ResourceType? {
        let inScope = resources.filter { r in
            (group == nil || r.type.group == group) && (version == nil || r.type.version == version)
        }
        var name = resource
        var group = group
        let exact = inScope.contains { $0.type.plural == resource || $0.type.singular == resource }
        if !exact {
            if let short = inScope.first(where: { $0.shortNames.contains(resource) }) {
                name = short.type.plural
                group = short.type.group
            } else if let prefix = group, let short = resources.first(where: {
                $0.type.group.hasPrefix(prefix) && $0.shortNames.contains(resource)
                    && (version == nil || $0.type.version == version)
            }) {
                name = short.type.plural
                group = short.type.group
            }
        }
        let lowered = name.lowercased()
        return resources.first { r in
            (group == nil || r.type.group == group) && (version == nil || r.type.version == version)
                && (r.type.plural == lowered || r.type.singular == lowered)
        }?.type
    }

    private func kind(in resources: [DiscoveredResource]) -> ResourceType? {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let kind = parts[0]
        // A bare kind is looked up in the core group, as kubectl's RESTMapping(GroupKind) does
        // (`Deployment` is found before this, as the lowercased singular).
        var candidates: [(group: String?, version: String?)] = [("", nil)]
        if parts.count == 3 { candidates = [(parts[2], parts[1]), (parts[1] + "." + parts[2], nil)] }
        else if parts.count == 2 { candidates = [(parts[1], nil)] }
        for (group, version) in candidates {
            if let found = resources.first(where: { r in
                r.type.kind == kind && (group == nil || r.type.group == group) && (version == nil || r.type.version == version)
            }) {
                return found.type
            }
        }
        return nil
    }
}
