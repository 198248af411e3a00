import Kube

/// The generic client knows no Flux kind; these tests read the emulator's providers.
extension ResourceType {
    static let inputProvider = ResourceType(
        group: "fluxcd.controlplane.io", version: "v1", plural: "resourcesetinputproviders",
        singular: "resourcesetinputprovider", kind: "ResourceSetInputProvider")
}
