import Foundation
import YAML

/// Finds where a kind lives (`apps/v1` `Deployment` -> `deployments`, namespaced) the way kubectl
/// does: from kubectl's own discovery cache when it is fresh, else from the server's
/// `APIResourceList` for that group/version. Answers are remembered for the command's lifetime.
public final class APIDiscovery: @unchecked Sendable {
    // @unchecked: `known` is only touched under `lock`.
    private let reader: any KubeReader
    private let cacheDirectory: String?
    private let now: @Sendable () -> Double
    private let lock = NSLock()
    private var known: [String: [DiscoveredResource]] = [:]
    private var everything: [DiscoveredResource]?

    /// kubectl's disk cache lives this long (client-go's default for kubectl, 6 hours).
    public static let cacheTTL: Double = 6 * 3600

    /// - Parameters:
    ///   - server: the cluster's URL, naming kubectl's cache folder; nil reads no cache.
    ///   - environment: for `KUBECACHEDIR` and `HOME`, as kubectl finds its cache.
    public init(reader: any KubeReader, server: String?, environment: [String: String],
                now: @escaping @Sendable () -> Double) {
        self.reader = reader
        self.now = now
        cacheDirectory = server.flatMap { Self.cacheDirectory(server: $0, environment: environment) }
    }

    /// `~/.kube/cache/discovery/127.0.0.1_6443`, as client-go names it (`--cache-dir` or
    /// `KUBECACHEDIR` replace `~/.kube/cache`).
    public static func cacheDirectory(server: String, environment: [String: String]) -> String? {
        let parent: String
        if let dir = environment["KUBECACHEDIR"], !dir.isEmpty {
            parent = dir
        } else if let home = environment["HOME"], !home.isEmpty {
            parent = home + "/.kube/cache"
        } else {
            return nil
        }
        var host = server
        for scheme in ["https://", "http://"] where host.hasPrefix(scheme) { host = String(host.dropFirst(scheme.count)); break }
        // client-go replaces everything but word characters, `/`, `.`, `(` and `)` with `_`.
        let safe = String(host.unicodeScalars.map { s -> Character in
            let ok = ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
                || s == "_" || s == "/" || s == "." || s == "(" || s == ")"
            return ok ? Character(s) : "_"
        })
        return parent + "/discovery/" + safe
    }

    /// The resource type of `kind` in `apiVersion`, or nil when the server does not serve it.
    public func resourceType(apiVersion: String, kind: String) throws(KubeError) -> ResourceType? {
        try resources(apiVersion: apiVersion).first { $0.kind == kind }
    }

    func resources(apiVersion: String) throws(KubeError) -> [ResourceType] {
        try discovered(apiVersion: apiVersion).map(\.type)
    }

    /// The top-level resources of one group/version, with their short names.
    public func discovered(apiVersion: String) throws(KubeError) -> [DiscoveredResource] {
        lock.lock()
        if let cached = known[apiVersion] { lock.unlock(); return cached }
        lock.unlock()
        let list: [DiscoveredResource]
        if let fromDisk = cached(apiVersion: apiVersion) {
            list = fromDisk
        } else {
            let (group, version) = Self.split(apiVersion)
            let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            do {
                list = Self.parse(try reader.get(path, query: []), apiVersion: apiVersion)
            } catch KubeError.server(let status) where status.code == 404 {
                list = []
            } catch KubeError.unexpectedResponse(let code, _, _) where code == 404 {
                // A group/version the server does not serve answers with a plain 404 page.
                list = []
            }
        }
        lock.lock()
        known[apiVersion] = list
        lock.unlock()
        return list
    }

    /// `<cache>/<group>/<version>/serverresources.json` (`<cache>/v1/...` for the core group), if
    /// kubectl wrote it less than `cacheTTL` ago.
    private func cached(apiVersion: String) -> [DiscoveredResource]? {
        guard let value = cachedDocument(apiVersion + "/serverresources.json") else { return nil }
        let list = Self.parse(value, apiVersion: apiVersion)
        return list.isEmpty ? nil : list
    }

    /// A document of kubectl's discovery cache, if written less than `cacheTTL` ago.
    private func cachedDocument(_ relativePath: String) -> Value? {
        guard let directory = cacheDirectory else { return nil }
        let file = directory + "/" + relativePath
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970,
              now() - modified < Self.cacheTTL,
              let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? JSON.parse(Array(data))
    }

    /// An `APIResourceList`: top-level resources only (`deployments/status` is a subresource).
    static func parse(_ list: Value, apiVersion: String) -> [DiscoveredResource] {
        let (group, version) = split(apiVersion)
        return (list["resources"]?.array ?? []).compactMap { r in
            guard let name = r["name"]?.string, !name.contains("/"), let kind = r["kind"]?.string else { return nil }
            let singular = r["singularName"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? kind.lowercased()
            let type = ResourceType(group: group, version: version, plural: name, singular: singular, kind: kind,
                                    namespaced: r["namespaced"]?.bool ?? true)
            return DiscoveredResource(type: type, shortNames: (r["shortNames"]?.array ?? []).compactMap(\.string))
        }
    }

    // MARK: every resource, for TYPE/NAME words

    /// The group/versions to read, in kubectl's priority order: the core `v1` first, then each
    /// group as `/apis` lists it, in its preferred version (kubectl's cache when fresh).
    public func preferredGroupVersions() throws(KubeError) -> [String] {
        let groups: Value
        if let cachedGroups = cachedDocument("servergroups.json") {
            groups = cachedGroups
        } else {
            groups = try reader.get("/apis", query: [])
        }
        var out = ["v1"]
        for group in groups["groups"]?.array ?? [] {
            let preferred = group[path: "preferredVersion", "groupVersion"]?.string
                ?? group["versions"]?.array?.first?["groupVersion"]?.string
            if let preferred, !out.contains(preferred) { out.append(preferred) }
        }
        return out
    }

    /// Every top-level resource the server serves in its preferred versions, in priority order.
    /// Read once per command (a group/version whose list cannot be read is skipped, as kubectl
    /// skips it, unless nothing at all can be read).
    public func serverResources() throws(KubeError) -> [DiscoveredResource] {
        lock.lock()
        if let everything { lock.unlock(); return everything }
        lock.unlock()
        var all: [DiscoveredResource] = []
        var firstError: KubeError?
        for apiVersion in try preferredGroupVersions() {
            do {
                all += try discovered(apiVersion: apiVersion)
            } catch {
                firstError = firstError ?? error
            }
        }
        if all.isEmpty, let firstError { throw firstError }
        lock.lock()
        everything = all
        lock.unlock()
        return all
    }

    /// The resource type a `TYPE` word names (`deploy`, `svc`, `ks`, `hr`, `rset`, `rsip`,
    /// `deployments.apps`, `Deployment`...), as kubectl resolves it; nil when the server has no
    /// such type (kubectl: `the server doesn't have a resource type "x"`).
    public func resolve(_ word: ResourceWord) throws(KubeError) -> ResourceType? {
        if let found = word.resolve(among: try serverResources()) { return found }
        // `ocirepositories.v1beta2.source.toolkit.fluxcd.io`: a version other than the preferred
        // one is only in its own list.
        guard let full = word.fullySpecified else { return nil }
        return word.resolve(among: (try? discovered(apiVersion: "\(full.group)/\(full.version)")) ?? [])
    }

    /// The type serving `kind` of `group` in the group's preferred version (Flux owners are named
    /// by labels that carry no version).
    public func resourceType(group: String, kind: String) throws(KubeError) -> ResourceType? {
        try serverResources().first { $0.type.group == group && $0.type.kind == kind }?.type
    }

    static func split(_ apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
