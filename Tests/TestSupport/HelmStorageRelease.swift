import Foundation

/// A Helm release as Helm's Secret storage driver keeps it, described in plain values. The emulator
/// turns the description into the Secret `sh.helm.release.v1.<name>.v<version>` (type
/// `helm.sh/release.v1`, labels `name`, `owner: helm`, `status`, `version`, `createdAt`) whose
/// `data.release` is base64 of the driver's base64(gzip(release JSON)), at test time; see
/// `Tests/Emulator/helm_storage.py`. Store it with `KubeEmulator.storeHelmRelease(_:)`.
public struct HelmStorageRelease: Sendable {
    /// The release name (a HelmRelease's `spec.releaseName`, else `[<targetNamespace>-]<name>`).
    public var name: String
    /// The namespace the release deploys to (the HelmRelease's `targetNamespace`, else its own).
    public var namespace: String
    /// Where the Secret goes (the HelmRelease's `status.storageNamespace`); `nil`: `namespace`.
    public var storageNamespace: String?
    public var version: Int
    /// `deployed`, `superseded`, `failed`, `pending-install`, `pending-upgrade`, `uninstalling`...
    public var status: String
    public var chartName: String
    public var chartVersion: String
    public var appVersion: String?
    /// The rendered YAML documents (`---` between them), as the release's `manifest` holds them.
    public var manifest: String
    /// RFC 3339 times.
    public var firstDeployed: String
    public var lastDeployed: String
    /// Set when a later release superseded this one (the driver's `modifiedAt` label).
    public var modifiedAt: String?
    /// The release's `info.description` (`Install complete`, `Upgrade complete`...).
    public var info: String

    public init(name: String, namespace: String, storageNamespace: String? = nil, version: Int = 1,
                status: String = "deployed", chartName: String? = nil, chartVersion: String = "1.0.0",
                appVersion: String? = nil, manifest: String,
                firstDeployed: String = "2026-11-25T10:01:00Z", lastDeployed: String? = nil,
                modifiedAt: String? = nil, info: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.storageNamespace = storageNamespace
        self.version = version
        self.status = status
        self.chartName = chartName ?? name
        self.chartVersion = chartVersion
        self.appVersion = appVersion
        self.manifest = manifest
        self.firstDeployed = firstDeployed
        self.lastDeployed = lastDeployed ?? firstDeployed
        self.modifiedAt = modifiedAt
        self.info = info ?? (version > 1 ? "Upgrade complete" : "Install complete")
    }

    /// The Secret's name, `sh.helm.release.v1.<name>.v<version>`.
    public var secretName: String { "sh.helm.release.v1.\(name).v\(version)" }

    /// The description the emulator's `/_emulator/objects` hook (and a seed file) accepts.
    public var object: [String: Any] {
        var chart: [String: Any] = ["name": chartName, "version": chartVersion]
        if let appVersion { chart["appVersion"] = appVersion }
        var d: [String: Any] = [
            "apiVersion": "emulator.kubectl-rsip/v1", "kind": "HelmStorageRelease",
            "name": name, "namespace": namespace, "storageNamespace": storageNamespace ?? namespace,
            "version": version, "status": status, "chart": chart, "manifest": manifest,
            "firstDeployed": firstDeployed, "lastDeployed": lastDeployed, "description": info,
        ]
        if let modifiedAt { d["modifiedAt"] = modifiedAt }
        return d
    }
}
