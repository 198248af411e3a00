import Analysis
import Failure
import Kube
import Provider
import Registry
import Threads
import YAML

/// Everything `doctor` judges, read with GET and LIST only: the providers' namespaces (their
/// providers, ResourceSets and Receivers), the Receiver CRD, the Secrets and ServiceAccounts the
/// providers name, and, unless `--from-status`, each repository's tags once, however many
/// providers share it.
struct DoctorGather {
    var cluster: ClusterReader
    var fromStatus: Bool
    var registry: RegistryFlags
    /// `-v=N`, for the registry's request log.
    var verbosity: Int
    var context: CommandContext
    /// `-A`: every namespace is in scope, so lists go cluster-wide.
    var allNamespaces: Bool
    /// NAMEs or `-l`: picked providers, not whole namespaces.
    var picked: Bool

    func input(_ providers: [InputProvider]) -> DoctorInput {
        var input = DoctorInput(providers: providers, fromStatus: fromStatus, wholeNamespaces: !picked,
                                settings: RenderSettings(now: context.now()))
        readAccess(providers, into: &input)
        var references: [String: RepositoryReference] = [:]
        for p in providers where p.isOCI {
            guard let url = try? RegistryAccessPlan.validate(p),
                  let reference = try? RepositoryReference(url: url, insecure: p.object[path: "spec", "insecure"]?.bool == true)
            else { continue }
            references[p.key] = reference
            input.repositories[p.key] = DoctorRepository(registry: reference.registry)
        }
        // The registry scan and the rest of the cluster's objects, side by side: neither needs
        // the other, and each is mostly waiting for a server.
        let candidates = Doctor.registryCandidates(input)
        let listings = Locked<[String: DoctorRepository.Listing]>([:])
        let surroundings = Locked<Surroundings?>(nil)
        let gather = self
        JoinedThreads.forEach(2, width: 2) { i in
            if i == 0 {
                surroundings.set(gather.surroundings(providers))
            } else {
                listings.set(gather.scan(candidates, references: references))
            }
        }
        for (key, listing) in listings.current { input.repositories[key]?.listing = listing }
        if let around = surroundings.current {
            input.namespaceProviders = around.neighbours
            input.resourceSets = around.resourceSets
            input.receivers = around.receivers
            input.receiverCRD = around.receiverCRD
        }
        return input
    }

    /// What surrounds the providers in scope: the other providers of their namespaces (when
    /// NAMEs or `-l` picked some), their ResourceSets and Receivers, the Receiver CRD.
    struct Surroundings: Sendable {
        var neighbours: [InputProvider]
        var resourceSets: Fetched<[ResourceSetView]>
        var receivers: Fetched<[ReceiverView]>
        var receiverCRD: Fetched<Value>
    }

    private func surroundings(_ providers: [InputProvider]) -> Surroundings {
        let namespaces = allNamespaces ? nil : unique(providers.map(\.namespace))
        let neighbours = picked ? listEach(.inputProvider, namespaces).value?.map(InputProvider.init) ?? providers : providers
        return Surroundings(
            neighbours: neighbours,
            resourceSets: listEach(.resourceSet, namespaces).map { $0.map(ResourceSetView.init) },
            receivers: listEach(.receiver, namespaces).map { $0.map(ReceiverView.init) },
            receiverCRD: fetch(.customResourceDefinition, namespace: nil, name: "receivers.notification.toolkit.fluxcd.io"))
    }

    /// The Secrets and ServiceAccounts the OCI providers name, each read once.
    private func readAccess(_ providers: [InputProvider], into input: inout DoctorInput) {
        for p in providers where p.isOCI {
            let (secretRef, certSecret, account) = p.accessReferences
            var names = [secretRef, certSecret].compactMap { $0 }
            if let account {
                let key = "\(p.namespace)/\(account)"
                if input.serviceAccounts[key] == nil {
                    input.serviceAccounts[key] = fetch(.serviceAccount, namespace: p.namespace, name: account)
                }
                // The cloud types use the account for workload identity, not for pull Secrets.
                let pulls = CloudRegistryProvider(inputProviderType: p.type) == nil
                    ? input.serviceAccounts[key]?.value?["imagePullSecrets"]?.array ?? [] : []
                for ref in pulls {
                    if let name = ref["name"]?.string, !name.isEmpty { names.append(name) }
                }
            }
            for name in names where input.secrets["\(p.namespace)/\(name)"] == nil {
                input.secrets["\(p.namespace)/\(name)"] = fetch(.secret, namespace: p.namespace, name: name)
            }
        }
    }

    /// One scan per repository and credentials: list the tags once, then the digests of every
    /// tag one of its providers keeps. Repositories are scanned side by side, sharing
    /// `--concurrency` as `diff -A` does. Returns each provider's listing by `namespace/name`.
    private func scan(_ candidates: [InputProvider], references: [String: RepositoryReference]) -> [String: DoctorRepository.Listing] {
        var grouping: [[InputProvider]] = []
        var index: [String: Int] = [:]
        for p in candidates {
            guard let reference = references[p.key] else { continue }
            let spec = p.object["spec"]
            let key = [reference.description, p.type, spec?[path: "secretRef", "name"]?.string ?? "",
                       spec?["serviceAccountName"]?.string ?? "", spec?[path: "certSecretRef", "name"]?.string ?? "",
                       String(reference.insecure), p.namespace].joined(separator: "|")
            if let i = index[key] { grouping[i].append(p) } else { index[key] = grouping.count; grouping.append([p]) }
        }
        let groups = grouping
        guard !groups.isEmpty else { return [:] }
        let plan = registry.scanPlan(providers: groups.count)
        let access = RegistryAccess(cluster: cluster, flags: registry, concurrency: plan.perProvider,
                                    verbosity: verbosity, context: context)
        let progress = context.progress()
        let results = Locked([(DoctorRepository.Listing, [String])?](repeating: nil, count: groups.count))
        JoinedThreads.forEach(groups.count, width: plan.parallel) { i in
            let outcome = Self.scanGroup(groups[i], access: access)
            let done = results.withLock { slots in
                slots[i] = outcome
                return slots.count { $0 != nil }
            }
            progress.update("scanned \(done)/\(groups.count) repositories, last \(groups[i][0].url ?? "")")
        }
        progress.clear()
        var listings: [String: DoctorRepository.Listing] = [:]
        var warned: Set<String> = []
        for (group, result) in zip(groups, results.current) {
            guard let (listing, warnings) = result else { continue }
            for warning in warnings where warned.insert(warning).inserted { context.warn(warning) }
            for p in group { listings[p.key] = listing }
        }
        return listings
    }

    private static func scanGroup(_ group: [InputProvider], access: RegistryAccess) -> (DoctorRepository.Listing, [String]) {
        var warnings: [String] = []
        do {
            let listing = try TagListing(group[0], source: .registry, access: access)
            warnings = listing.warnings
            var wanted: [String] = []
            var seen: Set<String> = []
            for p in group {
                for tag in (try? listing.select(p.tagFilter))?.selected ?? [] where seen.insert(tag).inserted { wanted.append(tag) }
            }
            return (.listed(tags: listing.tags, digests: try listing.digests(wanted)), warnings)
        } catch {
            let parts = ErrorReport.parts(of: error)
            return (.failed(message: parts.message, hint: parts.hint), warnings)
        }
    }

    /// One object: found, absent (404, or its kind is not served) or unreadable (why).
    private func fetch(_ type: ResourceType, namespace: String?, name: String) -> Fetched<Value> {
        do {
            return .found(try cluster.api.getObject(type, namespace: namespace, name: name))
        } catch {
            return Self.failure(error)
        }
    }

    /// A kind in each namespace (nil: cluster-wide), concatenated.
    private func listEach(_ type: ResourceType, _ namespaces: [String]?) -> Fetched<[Value]> {
        var items: [Value] = []
        for namespace in namespaces.map({ $0.map(Optional.some) }) ?? [nil] {
            do {
                items += try cluster.api.list(type, namespace: namespace).items
            } catch {
                return Self.failure(error)
            }
        }
        return .found(items)
    }

    static func failure<T>(_ error: KubeError) -> Fetched<T> {
        switch error {
        case .resourceTypeMissing: return .absent
        case .server(let status) where status.code == 404: return .absent
        case .unexpectedResponse(let code, _, _) where code == 404: return .absent
        default: return .unreadable(error.message)
        }
    }

    private func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

extension Fetched {
    func map<U: Sendable>(_ transform: (T) -> U) -> Fetched<U> {
        switch self {
        case .found(let value): return .found(transform(value))
        case .absent: return .absent
        case .unreadable(let why): return .unreadable(why)
        }
    }
}
