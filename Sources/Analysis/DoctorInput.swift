import Provider
import YAML

/// An object the cluster was asked for: what it answered.
public enum Fetched<T: Sendable>: Sendable {
    case found(T)
    /// 404: it does not exist (or its kind is not served).
    case absent
    /// Anything else (403, a timeout): the message says why, and what depends on it is not checked.
    case unreadable(String)

    public var value: T? { if case .found(let v) = self { return v }; return nil }
}

/// One provider's tags as its registry lists them, for the checks that need the registry.
public struct DoctorRepository: Sendable {
    /// `host[:port]`, where the registry load is counted.
    public var registry: String
    public var listing: Listing

    public enum Listing: Sendable {
        /// Not scanned: `--from-status`, or a provider the controller cannot scan either (a bad
        /// filter, a missing Secret), or not an OCI type.
        case notAsked
        /// In registry order, with the digests of the tags the provider's filter keeps.
        case listed(tags: [String], digests: [String: String])
        /// The registry could not be read: the registry checks of the provider are not done.
        case failed(message: String, hint: String?)
    }

    public init(registry: String, listing: Listing = .notAsked) {
        self.registry = registry
        self.listing = listing
    }
}

/// Everything `doctor` judges, gathered by the command: no I/O happens past this value.
public struct DoctorInput: Sendable {
    /// The providers in scope, in the order they were listed.
    public var providers: [InputProvider]
    /// Every provider of the namespaces in scope: ResourceSets combine them, Receivers name them.
    public var namespaceProviders: [InputProvider]
    /// The ResourceSets of those namespaces.
    public var resourceSets: Fetched<[ResourceSetView]>
    /// The Receivers of those namespaces; absent when the cluster does not serve Receivers.
    public var receivers: Fetched<[ReceiverView]>
    /// `receivers.notification.toolkit.fluxcd.io`.
    public var receiverCRD: Fetched<Value>
    /// The Secrets the providers name (`secretRef`, `certSecretRef`, their ServiceAccounts'
    /// `imagePullSecrets`), by `namespace/name`.
    public var secrets: [String: Fetched<Value>]
    /// The ServiceAccounts the providers name (`serviceAccountName`), by `namespace/name`.
    public var serviceAccounts: [String: Fetched<Value>]
    /// Each provider's repository by `namespace/name`; providers of one repository share its listing.
    public var repositories: [String: DoctorRepository]
    /// `--from-status`: the tags are the exported ones, and nothing is compared with a registry.
    public var fromStatus: Bool
    /// Whole namespaces are in scope (`-n`, `-A`), not picked providers (`NAME`, `-l`): a
    /// Receiver naming a provider that does not exist is then a finding.
    public var wholeNamespaces: Bool
    /// The clock (`settings.now`) and what rendering needs.
    public var settings: RenderSettings

    public init(providers: [InputProvider], namespaceProviders: [InputProvider]? = nil,
                resourceSets: Fetched<[ResourceSetView]> = .found([]), receivers: Fetched<[ReceiverView]> = .absent,
                receiverCRD: Fetched<Value> = .absent, secrets: [String: Fetched<Value>] = [:],
                serviceAccounts: [String: Fetched<Value>] = [:], repositories: [String: DoctorRepository] = [:],
                fromStatus: Bool = false, wholeNamespaces: Bool = true, settings: RenderSettings) {
        self.providers = providers
        self.namespaceProviders = namespaceProviders ?? providers
        self.resourceSets = resourceSets
        self.receivers = receivers
        self.receiverCRD = receiverCRD
        self.secrets = secrets
        self.serviceAccounts = serviceAccounts
        self.repositories = repositories
        self.fromStatus = fromStatus
        self.wholeNamespaces = wholeNamespaces
        self.settings = settings
    }

    /// Seconds since the epoch.
    public var now: Double { settings.now }
}

extension InputProvider {
    /// `namespace/name`, the key of the input's maps and the `provider` of a finding.
    public var key: String { "\(namespace)/\(name)" }

    /// The Secrets and the ServiceAccount the controller reads for this provider (spec 3.1), by
    /// name in its namespace, as its `RegistryAccessPlan` names them: what a command fetches
    /// before `doctor` judges them. The cloud types read no Secret; their ServiceAccount is the
    /// workload identity.
    public var accessReferences: (secretRef: String?, certSecret: String?, serviceAccount: String?) {
        let plan = try? RegistryAccessPlan.decide(self, userConfig: nil, clusterAvailable: true)
        var secretRef: String?
        if case .pullSecrets(let name, _) = plan?.credentials { secretRef = name }
        let certSecret = plan?.cloud == nil ? plan?.certSecret : nil
        let account = object[path: "spec", "serviceAccountName"]?.string
        func named(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        return (named(secretRef), named(certSecret), named(account))
    }
}
