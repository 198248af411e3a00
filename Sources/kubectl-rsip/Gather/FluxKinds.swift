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
