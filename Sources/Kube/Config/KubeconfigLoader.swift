import Foundation
import YAML

/// Loads kubeconfig files exactly as client-go's loading rules do (spec §4.1-4.9) and resolves
/// the flags into one `ClusterConnection`. Everything environmental is injectable for tests.
public struct KubeconfigLoader: Sendable {
    public static let defaultInClusterRoot = "/var/run/secrets/kubernetes.io/serviceaccount"

    public var environment: [String: String]
    /// `$HOME`; nil means no `~/.kube/config` candidate.
    public var homeDirectory: String?
    public var inClusterRoot: String
    /// Base for relative `--kubeconfig`, KUBECONFIG entries and flag paths.
    public var currentDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String? = nil,
                inClusterRoot: String = KubeconfigLoader.defaultInClusterRoot,
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        self.inClusterRoot = inClusterRoot
        self.currentDirectory = currentDirectory
    }

    /// Reads the files, selects context/cluster/user, applies the flags and validates.
    public func load(_ overrides: KubeconfigOverrides = KubeconfigOverrides()) throws(KubeconfigError) -> ClusterConnection {
        let o = overrides.normalized(currentDirectory: currentDirectory)
        let timeout = try o.requestTimeout.flatMap { (text) throws(KubeconfigError) in try RequestTimeout.parse(text) }
        let (merged, tried) = try loadMerged(explicitPath: o.kubeconfig)
        let inCluster = InClusterEnvironment(environment: environment, root: inClusterRoot)
        if let connection = try ConnectionBuilder(merged: merged, overrides: o, inCluster: inCluster, requestTimeout: timeout).build() {
            return connection
        }
        if inCluster.isPossible { return try inCluster.connection(overrides: o, requestTimeout: timeout) }
        throw KubeconfigError.noConfiguration(tried: tried + [inCluster.unavailableReason])
    }

    /// The files to read, in order (§4.1), without touching them.
    func candidateFiles(explicitPath: String?) -> [String] {
        if let explicitPath { return [explicitPath] }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":", omittingEmptySubsequences: true).map(String.init).filter { seen.insert($0).inserted }
        }
        if let home = homeDirectory { return [PathUtil.clean(home + "/.kube/config")] }
        return []
    }

    /// Reads and merges the kubeconfig files; returns the merged config and a note per file for
    /// the "no configuration" message.
    func loadMerged(explicitPath: String?) throws(KubeconfigError) -> (MergedKubeconfig, [String]) {
        if let explicitPath {
            let abs = PathUtil.resolve(explicitPath, against: currentDirectory)
            let (kind, err) = FileAccess.kind(abs)
            if kind == .missing || err != nil {
                throw KubeconfigError.explicitFileMissing(path: explicitPath, reason: err?.reason ?? "no such file or directory")
            }
        }
        var documents: [KubeconfigDocument] = []
        var tried: [String] = []
        for display in candidateFiles(explicitPath: explicitPath) {
            let abs = PathUtil.resolve(display, against: currentDirectory)
            switch FileAccess.read(abs) {
            case .failure(let err) where err.isNotFound && explicitPath == nil:
                tried.append("\(display) (not found)")  // missing KUBECONFIG entries are skipped silently
            case .failure(var err):
                err.path = display
                throw KubeconfigError.loadFailed(path: display, reason: err.description)
            case .success(let bytes):
                let value: Value
                do { value = try KubeconfigParser.parse(bytes) } catch {
                    throw KubeconfigError.loadFailed(path: display, reason: error.message)
                }
                do { documents.append(try KubeconfigDecoder.decode(value, path: abs)) } catch {
                    throw KubeconfigError.loadFailed(path: display, reason: error.description)
                }
                tried.append("\(display) (no current-context or server)")
            }
        }
        return (MergedKubeconfig.merge(documents), tried)
    }
}

/// The one place that picks a parser: JSON documents go to the JSON reader (libyaml rejects some
/// valid JSON, such as tabs), everything else to the YAML 1.1 parser that kubectl's decoder uses.
enum KubeconfigParser {
    static func parse(_ bytes: [UInt8]) throws(YAMLError) -> Value {
        let first = bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if first == UInt8(ascii: "{") { return try JSON.parse(bytes) }
        return try YAML.parse(String(decoding: bytes, as: UTF8.self))
    }
}
