import YAML

/// A thin typed view over a Flux `helm.toolkit.fluxcd.io` HelmRelease: where the objects it
/// installed are recorded. Flux v2.8+ (helm-controller v1.5+) writes them to
/// `status.inventory.entries`, like a Kustomization; older releases only have them in Helm's
/// storage Secret of the latest release (`status.history` + `status.storageNamespace`).
public struct HelmReleaseView: Sendable {
    public var object: Value

    public init(_ object: Value) { self.object = object }

    public static let group = "helm.toolkit.fluxcd.io"
    public static let kind = "HelmRelease"

    public var name: String { object[path: "metadata", "name"]?.string ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.string ?? "" }
    public var key: ObjectKey {
        let version = ObjectKey.splitAPIVersion(object["apiVersion"]?.string ?? "").version
        return ObjectKey(group: Self.group, version: version, kind: Self.kind, namespace: namespace, name: name)
    }

    /// `spec.kubeConfig` is set: helm-controller installs into another cluster, so neither the
    /// inventory nor the storage names objects of this one.
    public var isRemote: Bool { object[path: "spec", "kubeConfig"] != nil }
    /// `spec.kubeConfig.secretRef.name`, to name the remote cluster's credentials.
    public var kubeConfigSecret: String? { object[path: "spec", "kubeConfig", "secretRef", "name"]?.string }

    /// `spec.suspend`: helm-controller neither reconciles it nor, when it is deleted, uninstalls it.
    public var isSuspended: Bool { object[path: "spec", "suspend"]?.bool ?? false }

    /// What deleting this HelmRelease (a ResourceSet pruning it) does to what it installed:
    /// helm-controller's finalizer uninstalls the release, unless the HelmRelease is suspended.
    public func deletion(_ objects: HelmReleaseObjects) -> HelmReleaseDeletion {
        if case .remote = objects { return .remote }
        if isSuspended { return .keepsSuspended(objects.keys) }
        return objects.isKnown ? .uninstalls(objects.keys) : .unknown(objects.note)
    }

    /// `status.inventory.entries` (Flux v2.8+); empty when there is none.
    public var inventory: [InventoryEntry] { InventoryEntry.entries(of: object) }

    /// `status.storageNamespace`, else where helm-controller stores releases when it has not
    /// written one: `spec.storageNamespace`, else the HelmRelease's namespace.
    public var storageNamespace: String {
        for candidate in [object[path: "status", "storageNamespace"]?.string, object[path: "spec", "storageNamespace"]?.string] {
            if let candidate, !candidate.isEmpty { return candidate }
        }
        return namespace
    }

    /// The `status.history` entries, as written (helm-controller keeps the latest first, but the
    /// order is not relied on: `latestRelease` takes the highest version).
    public var history: [HelmReleaseSnapshot] {
        (object[path: "status", "history"]?.array ?? []).compactMap(HelmReleaseSnapshot.init)
    }

    /// The release the cluster runs: the history entry with the highest version (helm-controller's
    /// `Snapshots.Latest`).
    public var latestRelease: HelmReleaseSnapshot? {
        history.reduce(nil) { best, snapshot in
            guard let best else { return snapshot }
            return snapshot.version > best.version ? snapshot : best
        }
    }

    /// The storage Secret of the latest release, when the objects must be read from it: no
    /// inventory, not remote, and a history to name the release.
    public var storageSecret: ObjectKey? {
        guard !isRemote, inventory.isEmpty, let latest = latestRelease else { return nil }
        return ObjectKey(group: "", version: "v1", kind: "Secret", namespace: storageNamespace,
                         name: HelmStorage.secretName(release: latest.name, version: latest.version))
    }

    /// The objects this release manages on this cluster, Flux Operator's `tree` order of sources:
    /// `status.inventory` first, else the storage Secret (`storage`: what the cluster answered for
    /// `storageSecret`; nil when it was not asked). A remote release is not followed.
    public func objects(storage: WhyLive? = nil,
                        clusterScopedKinds: Set<String> = ObjectKey.clusterScopedKinds) -> HelmReleaseObjects {
        if isRemote { return .remote(kubeConfigSecret: kubeConfigSecret) }
        let entries = inventory
        if !entries.isEmpty { return .inventory(entries.compactMap(\.objectKey)) }
        guard let latest = latestRelease, let secret = storageSecret else { return .noRelease }
        switch storage {
        case nil:
            return .storageNotRead(secret: secret)
        case .absent?:
            return .storageAbsent(secret: secret)
        case .unreadable(let message)?:
            return .storageUnreadable(secret: secret, message: message)
        case .found(let object)?:
            do throws(HelmStorageError) {
                let release = try HelmStorage.decode(secret: object, releaseNamespace: latest.namespace,
                                                     clusterScopedKinds: clusterScopedKinds)
                return .storage(secret: secret, release: latest, objects: release.objects)
            } catch {
                return .storageUnreadable(secret: secret, message: error.message)
            }
        }
    }
}

/// One `status.history` entry: a release helm-controller made.
public struct HelmReleaseSnapshot: Sendable, Equatable {
    /// The Helm release name (`spec.releaseName`, else `[<targetNamespace>-]<name>`).
    public var name: String
    /// The namespace the release installs into.
    public var namespace: String
    public var version: Int64
    /// `deployed`, `superseded`, `failed`, ...
    public var status: String?
    public var chartName: String?
    public var chartVersion: String?

    public init(name: String, namespace: String, version: Int64, status: String? = nil,
                chartName: String? = nil, chartVersion: String? = nil) {
        self.name = name; self.namespace = namespace; self.version = version
        self.status = status; self.chartName = chartName; self.chartVersion = chartVersion
    }

    /// nil for an entry without a name or a positive version (nothing to look up).
    init?(_ value: Value) {
        guard let name = value["name"]?.string, !name.isEmpty,
              let version = value["version"]?.int, version > 0 else { return nil }
        self.init(name: name, namespace: value["namespace"]?.string ?? "", version: version,
                  status: value["status"]?.string, chartName: value["chartName"]?.string,
                  chartVersion: value["chartVersion"]?.string)
    }
}

/// What a HelmRelease manages on this cluster, and where that came from.
public enum HelmReleaseObjects: Sendable, Equatable {
    /// `status.inventory.entries` (Flux v2.8+).
    case inventory([ObjectKey])
    /// Decoded from the storage Secret of the latest release (its manifest; held in memory only).
    case storage(secret: ObjectKey, release: HelmReleaseSnapshot, objects: [ObjectKey])
    /// `spec.kubeConfig`: installs into a remote cluster, not followed.
    case remote(kubeConfigSecret: String?)
    /// No inventory and no history: nothing was installed yet.
    case noRelease
    /// The storage Secret is needed and was not read (the caller did not fetch it).
    case storageNotRead(secret: ObjectKey)
    /// The storage Secret of the latest release does not exist (uninstalled, or storage moved).
    case storageAbsent(secret: ObjectKey)
    /// The Secret could not be read (403, a timeout) or decoded: the message says which.
    case storageUnreadable(secret: ObjectKey, message: String)

    /// The objects, when known; empty otherwise.
    public var keys: [ObjectKey] {
        switch self {
        case .inventory(let keys), .storage(_, _, let keys): return keys
        default: return []
        }
    }

    /// Whether `keys` is the answer (an empty list then means the release manages nothing).
    public var isKnown: Bool {
        switch self {
        case .inventory, .storage: return true
        default: return false
        }
    }

    /// A short phrase for a tree line or a verdict: `remote cluster, not followed`, ...
    public var note: String {
        switch self {
        case .inventory: return "from status.inventory"
        case .storage(let secret, let release, _):
            return "from Helm storage \(secret.namespace)/\(secret.name) (release \(release.namespace)/\(release.name) v\(release.version))"
        case .remote(let secret):
            return "remote cluster, not followed" + (secret.map { " (spec.kubeConfig.secretRef \($0))" } ?? "")
        case .noRelease: return "no release installed yet (no inventory, no history)"
        case .storageNotRead(let secret): return "Helm storage \(secret.namespace)/\(secret.name) not read"
        case .storageAbsent(let secret): return "Helm storage \(secret.namespace)/\(secret.name) not found"
        case .storageUnreadable(let secret, let message): return "Helm storage \(secret.namespace)/\(secret.name): \(message)"
        }
    }
}

/// What pruning a HelmRelease takes with it.
public enum HelmReleaseDeletion: Sendable, Equatable {
    /// helm-controller uninstalls the release: these objects are deleted (Helm keeps only those
    /// annotated `helm.sh/resource-policy: keep`).
    case uninstalls([ObjectKey])
    /// `spec.suspend: true`: the finalizer skips the uninstall; these objects stay, orphaned.
    case keepsSuspended([ObjectKey])
    /// The release lives in a remote cluster: uninstalled there, nothing here.
    case remote
    /// What it installed is not known (the note says why).
    case unknown(String)
}
