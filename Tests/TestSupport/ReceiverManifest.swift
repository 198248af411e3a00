/// A Flux Receiver (notification.toolkit.fluxcd.io/v1, generic-hmac, token Secret
/// `webhook-token`) in flux-system that triggers one object, as YAML for `kubectl apply -f`.
public func receiverYAML(_ name: String, kind: String = "ResourceSetInputProvider",
                         target: String = "app-microservices-tags") -> String {
    """
    apiVersion: notification.toolkit.fluxcd.io/v1
    kind: Receiver
    metadata:
      name: \(name)
      namespace: flux-system
    spec:
      type: generic-hmac
      secretRef:
        name: webhook-token
      resources:
      - apiVersion: fluxcd.controlplane.io/v1
        kind: \(kind)
        name: \(target)

    """
}
