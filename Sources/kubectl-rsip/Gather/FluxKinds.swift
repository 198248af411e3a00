import Kube

/// The Flux kinds the plugin reads and writes, at the versions it asks for. The generic client
/// (Kube) knows none of them; kinds reached through inventories are resolved by discovery.
extension ResourceType {
    static let inputProvider = ResourceType(
        group: "fluxcd.controlplane.io", version: "v1", plural: "resourcesetinputproviders",
        singular: "resourcesetinputprovider", kind: "ResourceSetInputProvider")
    static let resourceSet = ResourceType(
        group: "fluxcd.controlplane.io", version: "v1", plural: "resourcesets",
        singular: "resourceset", kind: "ResourceSet")
    static let kustomization = ResourceType(
        group: "kustomize.toolkit.fluxcd.io", version: "v1", plural: "kustomizations",
        singular: "kustomization", kind: "Kustomization")
}

/// What `doctor` and `get NAME` read about webhooks: notification-controller's Receivers and the
/// CRD that says which kinds they may target.
extension ResourceType {
    static let receiver = ResourceType(
        group: "notification.toolkit.fluxcd.io", version: "v1", plural: "receivers",
        singular: "receiver", kind: "Receiver")
    static let customResourceDefinition = ResourceType(
        group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions",
        singular: "customresourcedefinition", kind: "CustomResourceDefinition", namespaced: false)
}
