import Analysis
import Provider
import XCTest
import YAML

/// Spec 5.3: rendering order, dedupe, reconcile-disabled, multi-document reading.
final class ResourceSetRenderTests: XCTestCase {
    private func rset(_ spec: [(String, Value)], name: String = "rset") -> ResourceSetView {
        ResourceSetView(.object([
            ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSet"),
            ("metadata", .object([("name", .string(name)), ("namespace", "apps")])), ("spec", .object(Value.Object(spec))),
        ]))
    }

    private let provider = InputProvider(.object([
        ("metadata", .object([("name", "tags"), ("namespace", "apps")])),
        ("status", .object([("exportedInputs", .array([tagInput("v1.1.20"), tagInput("v1.10.2"), tagInput("v2.0.0")]))])),
    ]))

    private let from: Value = [["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider", "name": "tags"]]

    private func render(_ rs: ResourceSetView) throws -> RenderedResourceSet {
        try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: [provider]), settings: .test)
    }

    func testCollidingIdsCollapseAndTheFirstWins() throws {
        // v1.1.20 and v1.10.2 share the Adler-32 id 120521111 (spec 7).
        let rs = rset([("inputsFrom", from), ("resourcesTemplate", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app-<< inputs.id >>
            spec:
              image: app:<< inputs.tag >>
            """)])
        let out = try render(rs)
        XCTAssertEqual(out.objects.map(\.key.name), ["app-120521111", "app-\(InputID.of(tag: "v2.0.0"))"])
        XCTAssertEqual(out.objects.first?.object[path: "spec", "image"], "app:v1.1.20")
        XCTAssertEqual(out.duplicates.count, 1)
        XCTAssertEqual(out.duplicates.first?.kept.inputLabel, "v1.1.20")
        XCTAssertEqual(out.duplicates.first?.dropped.inputLabel, "v1.10.2")
    }

    func testReconcileDisabledIsDroppedAndResourcesComeBeforeTemplate() throws {
        let rs = rset([
            ("inputsFrom", from),
            ("resources", [[
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": "cm-<< inputs.tag >>", "annotations": ["fluxcd.controlplane.io/reconcile": "<< inputs.tag | trimPrefix \"v2.0.0\" >>disabled"]],
            ]]),
            ("resourcesTemplate", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: s-<< inputs.tag >>
              namespace: other
            """),
        ])
        let out = try render(rs)
        // Only v2.0.0 renders exactly `disabled`; `v1.1.20disabled` is not `disabled`.
        XCTAssertEqual(out.objects.map(\.key.description), ["ConfigMap apps/cm-v1.1.20", "ConfigMap apps/cm-v1.10.2",
                                                            "Secret other/s-v1.1.20", "Secret other/s-v1.10.2", "Secret other/s-v2.0.0"])
        XCTAssertEqual(out.disabled.map(\.key.name), ["cm-v2.0.0"])
        let exact = try render(rset([("inputsFrom", from), ("resources", [[
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "cm-<< inputs.tag >>", "annotations": ["fluxcd.controlplane.io/reconcile": "disabled"]],
        ]])]))
        XCTAssertEqual(exact.objects, [])
        XCTAssertEqual(exact.disabled.count, 3)
    }

    func testMultiDocumentReadingRules() throws {
        let rs = rset([("inputs", [["tag": "x"]]), ("resourcesTemplate", """
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: from-list
            ---
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            metadata:
              name: dropped
            ---
            kind: ConfigMap
            metadata:
              name: no-api-version
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: system:<< inputs.tag >>
            """)])
        let out = try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: []), settings: .test)
        XCTAssertEqual(out.objects.map(\.key.description), ["ConfigMap apps/from-list", "ClusterRole system:x"],
                       "cluster-scoped kinds keep an empty namespace")
        XCTAssertEqual(out.objects.last?.key.inventoryID, "_system__x_rbac.authorization.k8s.io_ClusterRole")
    }

    func testResourcesAreSerialisedLikeJSONToYAMLBeforeRendering() throws {
        // The element is emitted as go-yaml v2 text, so the quotes around the action are gone and
        // the rendered `2` reads back as an integer, as it does in Flux.
        let rs = rset([("inputs", [["replicas": 2, "tag": "x"]]), ("resources", [[
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web-<< inputs.tag >>"],
            "spec": ["replicas": "<< inputs.replicas >>"],
        ]])])
        let out = try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: []), settings: .test)
        XCTAssertEqual(out.objects.first?.object[path: "spec", "replicas"], .int(2))
        XCTAssertEqual(out.objects.first?.key.description, "Deployment apps/web-x")
    }

    func testStaticResourceSetRendersOnceWithoutInputs() throws {
        let rs = rset([("resources", [["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team"]]])])
        let out = try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: []), settings: .test)
        XCTAssertEqual(out.objects.map(\.key.description), ["Namespace team"])
        XCTAssertNil(out.objects.first?.input)
        XCTAssertFalse(out.appliesEmptySet)
    }

    func testInputsFromWithNoInputsRendersNothing() throws {
        let empty = InputProvider(.object([("metadata", .object([("name", "tags"), ("namespace", "apps")]))]))
        let rs = rset([("inputsFrom", from), ("resources", [["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team"]]])])
        let out = try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: [empty]), settings: .test)
        XCTAssertEqual(out.objects, [])
        XCTAssertTrue(out.appliesEmptySet)
    }

    func testStepsRejectDuplicatesAcrossSteps() throws {
        let cm: Value = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "same"]]
        let rs = rset([("inputs", [["tag": "x"]]), ("steps", [["name": "one", "resources": [cm]], ["name": "two", "resources": [cm]]])])
        XCTAssertThrowsError(try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: []), settings: .test)) { error in
            XCTAssertEqual(error as? ResourceSetError,
                           .duplicateAcrossSteps(resourceSet: "apps/rset", object: "ConfigMap apps/same", step: "two", previousStep: "one"))
        }
    }

    func testRenderedTextThatIsNotYAMLNamesTheField() {
        let rs = rset([("inputs", [["tag": "x"]]), ("resourcesTemplate", "a: [<< inputs.tag >>\n")])
        XCTAssertThrowsError(try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: []), settings: .test)) { error in
            guard case .renderedYAML(let r, let field, let input, _)? = error as? ResourceSetError else { return XCTFail("\(error)") }
            XCTAssertEqual([r, field, input], ["apps/rset", "spec.resourcesTemplate", "x"])
        }
    }

    func testInventoryIDsParseLikeFlux() {
        let cm = InventoryEntry(id: "apps_web-48955639__ConfigMap", version: "v1").objectKey
        XCTAssertEqual(cm, ObjectKey(group: "", kind: "ConfigMap", namespace: "apps", name: "web-48955639"))
        XCTAssertEqual(cm?.version, "v1")
        let role = InventoryEntry(id: "_system__controller__flux_rbac.authorization.k8s.io_ClusterRole", version: "v1").objectKey
        XCTAssertEqual(role?.name, "system:controller:flux")
        XCTAssertEqual(role?.namespace, "")
        XCTAssertEqual(role?.inventoryID, "_system__controller__flux_rbac.authorization.k8s.io_ClusterRole")
        XCTAssertNil(InventoryEntry(id: "nonsense", version: "").objectKey)
        XCTAssertNil(InventoryEntry(id: "a_b_c_d_e", version: "").objectKey, "a name with `_` means extra fields")
    }
}
