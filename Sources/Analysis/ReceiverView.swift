import Provider
import YAML

/// A thin typed view over a notification-controller `Receiver` (spec 4.7): which providers its
/// webhook triggers, and whether it is Ready.
public struct ReceiverView: Sendable {
    public var object: Value

    public init(_ object: Value) { self.object = object }

    public static let apiVersion = "notification.toolkit.fluxcd.io/v1"
    public static let kind = "Receiver"

    public var name: String { object[path: "metadata", "name"]?.string ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.string ?? "" }
    /// `namespace/name`.
    public var reference: String { "\(namespace)/\(name)" }
    /// `generic-hmac`, `github`, ...
    public var type: String { object[path: "spec", "type"]?.string ?? "" }
    /// `status.webhookPath`: `/hook/` + sha256(token + name + namespace); nil before the
    /// notification-controller has read the token.
    public var webhookPath: String? { object[path: "status", "webhookPath"]?.string.flatMap { $0.isEmpty ? nil : $0 } }
    public var isSuspended: Bool { object[path: "spec", "suspend"]?.bool == true }

    public var ready: InputProvider.Condition? { InputProvider.Condition.ready(of: object) }

    /// `Ready=True` and not suspended: its webhook path answers.
    public var isReady: Bool { !isSuspended && ready?.status == "True" }

    /// One `spec.resources[]` entry: an object by name, or every object of the kind matching
    /// `matchLabels` when the name is `*`.
    public struct Resource: Sendable, Equatable {
        public var index: Int
        public var apiVersion: String?
        public var kind: String
        public var name: String
        /// Defaults to the Receiver's namespace.
        public var namespace: String
        public var matchLabels: [String: String]

        public var field: String { "spec.resources[\(index)]" }
        public var isProvider: Bool { kind == ResourceSetProviderRef.rsipKind }
        public var isWildcard: Bool { name == "*" }
    }

    public var resources: [Resource] {
        (object[path: "spec", "resources"]?.array ?? []).enumerated().map { i, r in
            var labels: [String: String] = [:]
            for (key, value) in r["matchLabels"]?.object ?? Value.Object() { labels[key] = value.string ?? "" }
            return Resource(index: i, apiVersion: r["apiVersion"]?.string, kind: r["kind"]?.string ?? "",
                            name: r["name"]?.string ?? "", namespace: r["namespace"]?.string ?? namespace,
                            matchLabels: labels)
        }
    }

    /// The entries that name `provider`: by name, or `*` with labels it carries.
    public func entries(targeting provider: InputProvider) -> [Resource] {
        resources.filter { r in
            guard r.isProvider, r.namespace == provider.namespace else { return false }
            if r.isWildcard {
                let labels = provider.object[path: "metadata", "labels"]?.object ?? Value.Object()
                return r.matchLabels.allSatisfy { labels[$0.key]?.string == $0.value }
            }
            return r.name == provider.name
        }
    }

    public func targets(_ provider: InputProvider) -> Bool { !entries(targeting: provider).isEmpty }
}
