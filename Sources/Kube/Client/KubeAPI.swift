import Foundation
import GoCompat
import HTTP
import YAML

/// A list read to the end, page by page.
public struct ObjectList: Sendable {
    public var items: [Value]
    public var resourceVersion: String

    public init(items: [Value], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

public struct WatchEvent: Sendable {
    public var type: String
    public var object: Value

    public init(type: String, object: Value) {
        self.type = type
        self.object = object
    }
}

/// Everything a read-only command may do to a cluster: get, list, watch. Commands that must not
/// write are handed only this, so the compiler keeps them from writing.
public protocol KubeReader: Sendable {
    /// One object; a 404 that names no object (the path is not served) is `resourceTypeMissing`.
    func getObject(_ type: ResourceType, namespace: String?, name: String) throws(KubeError) -> Value
    /// A collection to the end, with `limit`/`continue` paging like kubectl.
    func list(_ type: ResourceType, namespace: String?, labelSelector: String?, fieldSelector: String?,
              chunkSize: Int) throws(KubeError) -> ObjectList
    /// Watches a collection from `resourceVersion`; `onEvent` returns false to stop. BOOKMARK
    /// events are delivered too. An ERROR event with 410 surfaces as `KubeError.server` (code 410).
    func watch(_ type: ResourceType, namespace: String?, resourceVersion: String?, labelSelector: String?,
               fieldSelector: String?, timeoutSeconds: Int?, clientTimeout: Double?,
               onEvent: (WatchEvent) -> Bool) throws(KubeError)
    /// A GET of any API path (discovery documents).
    func get(_ path: String, query: [(String, String)]) throws(KubeError) -> Value
}

extension KubeReader {
    public func list(_ type: ResourceType, namespace: String?, labelSelector: String? = nil,
                     fieldSelector: String? = nil) throws(KubeError) -> ObjectList {
        try list(type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, chunkSize: 500)
    }
}

/// The one write the plugin makes: a merge patch of annotations (`reconcile`, `suspend`, `resume`).
public protocol KubeWriter: Sendable {
    /// RFC 7386 merge patch with `fieldManager=kubectl-rsip`; `dryRun` adds `dryRun=All`, so the
    /// server validates and answers without persisting.
    func mergePatch(_ type: ResourceType, namespace: String?, name: String, patch: Value,
                    dryRun: Bool) throws(KubeError) -> Value
}
