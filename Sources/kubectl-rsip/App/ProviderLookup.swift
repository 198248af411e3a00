import Failure
import Kube
import Provider

/// The providers a command works on, found as kubectl finds objects: by NAME (each missing one
/// reported with kubectl's NotFound line and the likeliest fix), every one a selector matches in
/// the namespace or in all of them, or the providers of a file.
struct ProviderLookup: Sendable {
    var found: [InputProvider]
    /// One kubectl NotFound error per NAME that does not exist.
    var missing: [UserError]
    /// What was listed, for kubectl's empty-result line; nil when NAMEs (or a file) were given.
    var listed: Listed?

    enum Listed: Sendable, Equatable {
        case namespace(String)
        case allNamespaces
    }

    /// NAMEs in the cluster's namespace, or a list (`-A`, `-l`, `--field-selector`).
    static func inCluster(_ cluster: ClusterReader, names: [String], allNamespaces: Bool, selector: String?,
                          fieldSelector: String? = nil, chunkSize: Int = 500) throws(KubeError) -> ProviderLookup {
        guard names.isEmpty else {
            var lookup = ProviderLookup(found: [], missing: [], listed: nil)
            for name in names {
                do {
                    lookup.found.append(InputProvider(try cluster.api.getObject(.inputProvider, namespace: cluster.namespace, name: name)))
                } catch KubeError.server(let status) where status.code == 404 {
                    lookup.missing.append(ProviderSource.notFound(name, status, cluster))
                }
            }
            return lookup
        }
        let namespace = allNamespaces ? nil : cluster.namespace
        let list = try cluster.api.list(.inputProvider, namespace: namespace, labelSelector: selector,
                                        fieldSelector: fieldSelector, chunkSize: chunkSize)
        return ProviderLookup(found: list.items.map(InputProvider.init), missing: [],
                              listed: namespace.map(Listed.namespace) ?? .allNamespaces)
    }

    /// kubectl's line for an empty list (stderr, exit 0).
    static func noneFound(_ listed: Listed) -> String {
        switch listed {
        case .namespace(let namespace): return "No resources found in \(namespace) namespace.\n"
        case .allNamespaces: return "No resources found\n"
        }
    }

    /// Runs `body` over what was found, and does around it what kubectl does around every
    /// command: an empty list prints "No resources found in NS namespace." on stderr and exits 0
    /// without calling `body` (unless `announceEmpty` is false: `-o json` prints an empty List);
    /// after the results, each missing NAME's error, and then the command's error status.
    func run(_ context: CommandContext, rule: ExitRule, announceEmpty: Bool = true, ignoreMissing: Bool = false,
             _ body: ([InputProvider]) throws -> Int32) throws -> Int32 {
        if found.isEmpty, missing.isEmpty, let listed, announceEmpty {
            context.stderr.write(Self.noneFound(listed))
            return 0
        }
        let status = found.isEmpty && !missing.isEmpty ? 0 : try body(found)
        if ignoreMissing { return status }
        context.stdout.flush()
        for failure in missing { context.stderr.write(failure.report) }
        return missing.isEmpty ? status : rule.errorStatus
    }
}
