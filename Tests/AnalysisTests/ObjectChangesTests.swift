import Analysis
import XCTest
import YAML

final class ObjectChangesTests: XCTestCase {
    func testLeavesDifferWithPathsAndAbsentSides() {
        let old: Value = ["spec": ["ref": ["digest": "sha256:a"], "replicas": 2, "list": ["x", "y"], "gone": true],
                          "metadata": ["labels": ["app.kubernetes.io/name": "a"]]]
        let new: Value = ["spec": ["ref": ["digest": "sha256:b"], "replicas": 2.0, "list": ["x", "z"], "added": "n"],
                          "metadata": ["labels": ["app.kubernetes.io/name": "b"]]]
        XCTAssertEqual(ObjectChanges.between(old, new), [
            FieldChange(path: "spec.ref.digest", old: "sha256:a", new: "sha256:b"),
            FieldChange(path: "spec.list[1]", old: "y", new: "z"),
            FieldChange(path: "spec.added", old: nil, new: "n"),
            FieldChange(path: "spec.gone", old: true, new: nil),
            FieldChange(path: #"metadata.labels["app.kubernetes.io/name"]"#, old: "a", new: "b"),
        ])
        XCTAssertEqual(ObjectChanges.between(["a": [1, 2]], ["a": [1]]), [FieldChange(path: "a", old: [1, 2], new: [1])])
        XCTAssertEqual(ObjectChanges.between(new, new), [])
    }

    func testAppliedObjectsCarryCommonMetadataThenOwnerLabels() {
        let rs = ResourceSetView(["metadata": ["name": "rs", "namespace": "apps"],
                                  "spec": ["commonMetadata": ["labels": ["team": "a", "resourceset.fluxcd.controlplane.io/name": "spoof"],
                                                              "annotations": ["note": "x"]]]])
        let applied = ResourceSetApply.applied(["kind": "ConfigMap", "metadata": ["name": "c", "labels": ["team": "b", "keep": "k"]]], resourceSet: rs)
        XCTAssertEqual(applied[path: "metadata", "labels"], ["team": "a", "keep": "k", "resourceset.fluxcd.controlplane.io/name": "rs",
                                                             "resourceset.fluxcd.controlplane.io/namespace": "apps"])
        XCTAssertEqual(applied[path: "metadata", "annotations"], ["note": "x"])
    }
}
