import Template
import XCTest
import YAML

/// The clock every test renders at (2026-11-25T10:14:30Z): `ago` and `durationRound` read it.
let testNow: Double = 1_795_601_670

/// Renders as the controller does (nil data, `inputs` = the given map).
func render(_ text: String, _ inputs: Value = [:], name: String = "t") throws -> String {
    try GoTemplate(text, name: name).render(inputs: inputs, now: testNow)
}

/// The error message a template produces, at parse or execution time.
func failure(_ text: String, _ inputs: Value = [:], name: String = "t") -> String? {
    do {
        _ = try render(text, inputs, name: name)
        return nil
    } catch let e as TemplateError {
        return e.message
    } catch {
        return "unexpected \(error)"
    }
}

let sampleInputs: Value = [
    "id": "48955639", "tag": "6.0.4", "digest": "sha256:d4ec98",
    "replicas": 2, "ratio": 1.5, "big": 1000000.0, "enabled": true, "empty": "", "none": nil,
    "list": ["a", "b", "c"], "nums": [3, 1, 2],
    "map": ["b": 2, "a": 1],
    "provider": ["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                 "name": "app-tags", "namespace": "apps"],
]
