import KubectlPrinters
import XCTest
import YAML

/// Providers as the API server returns them: one complete, one without status, one with no
/// exported inputs, labels with dots in their keys.
let items: [Value] = {
    let text = #"""
    [
      {"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
       "metadata": {"name": "podinfo-tags", "namespace": "apps", "generation": 2,
                    "creationTimestamp": "2026-11-25T10:00:00Z",
                    "labels": {"app.kubernetes.io/name": "podinfo", "tier": "10"}},
       "spec": {"type": "OCIArtifactTag", "filter": {"semver": ">=1.0.0", "limit": 2}},
       "status": {"exportedInputs": [
           {"id": "47448304", "tag": "1.2.0", "digest": "sha256:aa"},
           {"id": "47251695", "tag": "1.1.0", "digest": "sha256:bb"}],
         "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded", "message": "a <b> & c"}]}},
      {"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
       "metadata": {"name": "frontend-tags", "namespace": "flux-system", "generation": 1,
                    "creationTimestamp": "2026-11-24T10:00:00Z"},
       "spec": {"type": "OCIArtifactTag"}},
      {"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
       "metadata": {"name": "empty-tags", "namespace": "flux-system", "generation": 1,
                    "creationTimestamp": "2026-11-26T10:00:00Z", "labels": {"tier": "9"}},
       "spec": {"type": "OCIArtifactTag"},
       "status": {"exportedInputs": [],
         "conditions": [{"type": "Ready", "status": "False", "reason": "Failed", "message": "boom"}]}}
    ]
    """#
    do { return try JSON.parse(text).array ?? [] } catch { fatalError("fixture: \(error)") }
}()

let list = KubectlList.list(items)

func names(_ values: [Value]) -> [String] { values.map { $0["metadata"]?["name"]?.string ?? "?" } }

/// A provider with just a name and, when given, one field set at `path`.
func provider(_ name: String, _ path: [String] = [], _ value: Value? = nil) -> Value {
    var object: Value = ["metadata": ["name": .string(name)]]
    if let value, !path.isEmpty { object = set(object, path[...], value) }
    return object
}

private func set(_ object: Value, _ path: ArraySlice<String>, _ value: Value) -> Value {
    guard let key = path.first else { return value }
    var o = object
    o[key] = set(object[key] ?? [:], path.dropFirst(), value)
    return o
}

func readNothing(_ path: String) -> Result<String, FileReadFailure> {
    .failure(FileReadFailure("open \(path): no such file or directory"))
}
