import Foundation

/// The names a merged kubeconfig defines, for shell completion of `--context`, `--cluster` and
/// `--user`. Reads the same files, with the same merge rules, as `KubeconfigLoader.load`, but
/// does not select a context or validate anything: a half-written kubeconfig still completes.
public struct KubeconfigNames: Sendable, Equatable {
    /// Context names, sorted.
    public var contexts: [String]
    public var clusters: [String]
    public var users: [String]
    /// The first non-empty `current-context` ("" when none).
    public var currentContext: String
    /// For each context, its `namespace` ("" when unset).
    public var contextNamespaces: [String: String]

    public init(contexts: [String] = [], clusters: [String] = [], users: [String] = [], currentContext: String = "",
                contextNamespaces: [String: String] = [:]) {
        self.contexts = contexts; self.clusters = clusters; self.users = users
        self.currentContext = currentContext; self.contextNamespaces = contextNamespaces
    }
}

extension KubeconfigLoader {
    /// The context, cluster and user names of the merged kubeconfig (spec §4.1-4.2):
    /// `--kubeconfig` if given, else `KUBECONFIG`, else `~/.kube/config`.
    public func names(kubeconfig: String? = nil) throws(KubeconfigError) -> KubeconfigNames {
        let explicit = kubeconfig.flatMap { $0.isEmpty ? nil : $0 }
        let (merged, _) = try loadMerged(explicitPath: explicit)
        return KubeconfigNames(
            contexts: merged.contexts.keys.sorted(), clusters: merged.clusters.keys.sorted(),
            users: merged.users.keys.sorted(), currentContext: merged.currentContext,
            contextNamespaces: merged.contexts.mapValues { $0.value.namespace })
    }
}

extension KubeconfigLoader {
    /// The namespace `kubectl apply -f` gives objects that name none: `-n`, else the selected
    /// context's namespace, else `default`. Nothing is validated or contacted, so a command that
    /// reads only files works without a usable cluster; an unreadable kubeconfig reads as empty.
    public func defaultNamespace(_ overrides: KubeconfigOverrides) -> String {
        let o = overrides.normalized(currentDirectory: currentDirectory)
        var context: String?
        if o.namespace == nil, let names = try? names(kubeconfig: o.kubeconfig) {
            context = names.contextNamespaces[o.context ?? names.currentContext]
        }
        return InClusterEnvironment(environment: environment, root: inClusterRoot).namespace(flag: o.namespace, context: context).name
    }
}

/// One context of the merged kubeconfig, for commands that run on several at once
/// (`--context a,b`, `--all-contexts`).
public struct KubeconfigContext: Sendable, Equatable {
    public var name: String
    /// The kubeconfig cluster entry it names ("" when none).
    public var cluster: String
    public var user: String
    public var namespace: String

    public init(name: String, cluster: String = "", user: String = "", namespace: String = "") {
        self.name = name; self.cluster = cluster; self.user = user; self.namespace = namespace
    }
}

extension KubeconfigLoader {
    /// Every context of the merged kubeconfig (the same files and merge rules as `load`), in
    /// kubeconfig order: the files in KUBECONFIG order, each file's `contexts` list as written,
    /// a name defined again by a later file keeping its first place (the first file wins the
    /// entry, as client-go merges). kubectl itself shows no such order: client-go's merged
    /// config is a map, and `kubectl config get-contexts` and `kubectl config view` list the
    /// contexts sorted by name.
    public func contexts(kubeconfig: String? = nil) throws(KubeconfigError) -> [KubeconfigContext] {
        let explicit = kubeconfig.flatMap { $0.isEmpty ? nil : $0 }
        let (merged, _) = try loadMerged(explicitPath: explicit)
        return merged.contextOrder.compactMap { name in
            merged.contexts[name].map {
                KubeconfigContext(name: name, cluster: $0.value.cluster, user: $0.value.user, namespace: $0.value.namespace)
            }
        }
    }
}
