import JSONPath
import XCTest
import YAML

/// A List as `kubectl get rsip -A` hands it to the JSONPath printer: three providers, one
/// without status, one with empty inputs, labels with dots in their keys.
let providers: Value = {
    let text = #"""
    {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
      {"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
       "metadata": {"name": "podinfo-tags", "namespace": "apps", "generation": 2,
                    "labels": {"app.kubernetes.io/name": "podinfo", "tier": "10"}},
       "spec": {"type": "OCIArtifactTag", "filter": {"semver": ">=1.0.0", "limit": 2}},
       "status": {"exportedInputs": [
           {"id": "47448304", "tag": "1.2.0", "digest": "sha256:aa"},
           {"id": "47251695", "tag": "1.1.0", "digest": "sha256:bb"}],
         "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded", "message": "a <b> & c"}],
         "ratio": 0.25, "million": 1000000.0, "big": 1e21, "huge": 12345678901234567890, "on": true, "off": null}},
      {"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
       "metadata": {"name": "frontend-tags", "namespace": "flux-system", "generation": 1},
       "spec": {"type": "OCIArtifactTag"}},
      {"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
       "metadata": {"name": "empty-tags", "namespace": "flux-system", "generation": 1,
                    "labels": {"tier": "9"}},
       "spec": {"type": "OCIArtifactTag"},
       "status": {"exportedInputs": [],
         "conditions": [{"type": "Ready", "status": "False", "reason": "Failed", "message": "boom"}]}}
    ]}
    """#
    do { return try JSON.parse(text) } catch { fatalError("fixture: \(error)") }
}()

/// What `kubectl -o jsonpath=TEMPLATE` prints for `data`.
func output(_ template: String, _ data: Value = providers, allowMissingKeys: Bool = true, json: Bool = false) throws -> String {
    try JSONPath(template).execute(data, options: .init(allowMissingKeys: allowMissingKeys, outputJSON: json))
}

/// The error text client-go gives for `template` (parse or execution), or nil when it succeeds.
func failure(_ template: String, _ data: Value = providers, allowMissingKeys: Bool = true) -> String? {
    do {
        _ = try JSONPath(template).execute(data, options: .init(allowMissingKeys: allowMissingKeys))
        return nil
    } catch {
        return error.message
    }
}

/// The parse error only.
func parseFailure(_ template: String) -> String? {
    do {
        _ = try JSONPath(template)
        return nil
    } catch {
        return error.message
    }
}
