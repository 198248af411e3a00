import Failure
import GoCompat
import Gzip
import YAML

/// Helm's Secret storage driver, read side: the Secret `sh.helm.release.v1.<release>.v<version>`
/// (type `helm.sh/release.v1`) whose `release` key holds base64(gzip(release JSON)); the API shows
/// Secret data base64-encoded once more. Only the object keys of the release's `manifest` are
/// kept: values and rendered Secrets never leave this decoder.
public enum HelmStorage {
    /// The bounds Flux Operator puts on the driver's text and on what it inflates to.
    public static let maxEncodedSize = 1 << 20
    public static let maxDecodedSize = 32 << 20

    public static func secretName(release: String, version: Int64) -> String {
        "sh.helm.release.v1.\(release).v\(version)"
    }

    /// Decodes a storage Secret as the API returns it.
    /// - Parameters:
    ///   - releaseNamespace: where namespace-less objects go when the release JSON names no
    ///     namespace (the history entry's).
    ///   - clusterScopedKinds: kinds that get no namespace.
    public static func decode(secret: Value, releaseNamespace: String? = nil,
                              clusterScopedKinds: Set<String> = ObjectKey.clusterScopedKinds) throws(HelmStorageError) -> HelmStoredRelease {
        let where_ = "\(secret[path: "metadata", "namespace"]?.string ?? "")/\(secret[path: "metadata", "name"]?.string ?? "")"
        func fail(_ problem: String) -> HelmStorageError { HelmStorageError(secret: where_, problem: problem) }

        guard let field = secret[path: "data", "release"] else { throw fail("the Secret has no data.release") }
        guard let apiText = field.string else { throw fail("data.release is \(field.kindDescription), not a string") }
        // The API's own base64 layer, then the driver's.
        let driverText: [UInt8]
        do { driverText = try GoBase64.decode(apiText) } catch { throw fail("data.release is not base64: \(error)") }
        guard driverText.count <= maxEncodedSize else {
            throw fail("the release data exceeds \(maxEncodedSize) bytes")
        }
        var raw: [UInt8]
        do { raw = try GoBase64.decode(String(decoding: driverText, as: UTF8.self)) } catch {
            throw fail("the release data is not Helm's base64: \(error)")
        }
        // Helm 3 before v3.0.0-beta stored the JSON without gzip; the driver checks the magic too.
        if Gzip.isGzip(raw) {
            do { raw = try Gzip.inflate(raw, limit: maxDecodedSize) } catch { throw fail("the release data does not inflate: \(error)") }
        }
        guard raw.count <= maxDecodedSize else { throw fail("the release data exceeds \(maxDecodedSize) bytes") }
        let release: Value
        do { release = try JSON.parse(raw) } catch { throw fail("the release is not JSON: \(error)") }
        guard case .object = release else { throw fail("the release is \(release.kindDescription), not an object") }

        let namespace = nonEmpty(release["namespace"]?.string) ?? releaseNamespace ?? ""
        let manifest = release["manifest"]?.string ?? ""
        let documents: [Value]
        do { documents = try YAML.parseStream(manifest) } catch { throw fail("the release manifest is not YAML: \(error)") }
        let objects: [Value]
        do { objects = try ManifestObjects.read(documents) } catch { throw fail("the release manifest: \(error)") }
        let keys = objects.compactMap(ObjectKey.init(object:)).map {
            $0.defaultingNamespace(to: namespace, clusterScoped: clusterScopedKinds)
        }
        return HelmStoredRelease(name: release["name"]?.string ?? "", namespace: namespace,
                                 version: release["version"]?.int ?? 0, status: release[path: "info", "status"]?.string,
                                 chartName: release[path: "chart", "metadata", "name"]?.string,
                                 chartVersion: release[path: "chart", "metadata", "version"]?.string, objects: keys)
    }

    private static func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
}

/// What the plugin keeps of a stored release: who it is and the keys of the objects it installed.
public struct HelmStoredRelease: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var version: Int64
    /// `info.status`: `deployed`, `superseded`, `failed`, ...
    public var status: String?
    public var chartName: String?
    public var chartVersion: String?
    /// The manifest's objects in document order; namespace-less namespaced objects in `namespace`.
    public var objects: [ObjectKey]
}

/// A storage Secret that cannot be decoded: which Secret, and what is wrong with it.
public struct HelmStorageError: UserFacingError, Equatable, CustomStringConvertible {
    /// `namespace/name` of the Secret.
    public var secret: String
    public var problem: String

    public var message: String { "Helm storage Secret \(secret): \(problem)" }
    public var hint: String? {
        "the Secret is written by helm-controller; `helm history` shows whether the release is intact"
    }
    public var description: String { message }
}
