import Analysis
import Provider
import XCTest
import YAML

/// The seed scenario: excluding app-microservice3 from `app-microservices-tags`.
final class ImpactSeedTests: XCTestCase {
    private var fixture: ImpactFixture!

    override func setUpWithError() throws {
        fixture = try ImpactFixture.load("seed.yaml")
    }

    private var withoutMicroservice3: [Value] {
        Array(fixture.provider("app-microservices-tags")?.exportedInputs.dropFirst() ?? [])
    }

    func testRenderOneRepositoryAndKustomizationPerTag() throws {
        let rs = fixture.resourceSet
        let inputs = try ResourceSetInputs.resolve(rs, providers: fixture.providers)
        let render = try ResourceSetRenderer.render(rs, inputs: inputs, settings: .test)
        XCTAssertEqual(render.objects.map(\.key.description), [
            "OCIRepository flux-system/app-microservice3", "Kustomization flux-system/app-microservice3",
            "OCIRepository flux-system/app-microservice2", "Kustomization flux-system/app-microservice2",
            "OCIRepository flux-system/app-microservice1", "Kustomization flux-system/app-microservice1",
        ], "resourcesTemplate is rendered per input in input order")
        let repo = try XCTUnwrap(render.objects.first)
        XCTAssertEqual(repo.object[path: "spec", "ref", "digest"]?.string,
                       "sha256:3333333333333333333333333333333333333333333333333333333333333333")
        XCTAssertEqual(repo.inputLabel, "app-microservice3")
        XCTAssertEqual(repo.key.group, "source.toolkit.fluxcd.io")
        XCTAssertEqual(render.objects[1].object[path: "spec", "prune"], .bool(true))
    }

    func testExcludingMicroservice3PrunesItsObjectsAndWorkloads() throws {
        let report = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: withoutMicroservice3,
                                    live: ImpactLive(kustomizations: fixture.kustomizations), settings: .test)
        XCTAssertTrue(report.consumesProvider)
        XCTAssertEqual(report.baseline, .inventory)
        XCTAssertNil(report.stalled)
        XCTAssertFalse(report.prunesEverything)
        XCTAssertEqual(report.created, [])
        XCTAssertEqual(report.pruned.map(\.key.description), [
            "Kustomization flux-system/app-microservice3", "OCIRepository flux-system/app-microservice3",
        ])
        XCTAssertEqual(report.pruned.map(\.input), ["app-microservice3", "app-microservice3"])
        XCTAssertEqual(report.pruned.first?.key.groupKind, "Kustomization.kustomize.toolkit.fluxcd.io")
        XCTAssertEqual(report.pruned.first?.key.version, "v1", "version comes from the inventory")
        XCTAssertEqual(report.kept.count, 4)

        XCTAssertEqual(report.cascades.count, 1)
        let cascade = try XCTUnwrap(report.cascades.first)
        XCTAssertEqual(cascade.kustomization.description, "Kustomization flux-system/app-microservice3")
        XCTAssertEqual(cascade.effect, .deletesWorkloads)
        XCTAssertEqual(cascade.workloads.map(\.description), ["Deployment apps/microservice3", "Service apps/microservice3"])
        XCTAssertEqual(cascade.workloads.map(\.group), ["apps", ""])
        XCTAssertEqual(report.deletedWorkloads.count, 2)
        XCTAssertTrue(report.hasChanges)
    }

    func testKustomizationWithoutPruneOrphansItsWorkloads() throws {
        var live = fixture.kustomizations
        var k = try XCTUnwrap(live["flux-system/app-microservice3"])
        k["spec"] = .object([("prune", .bool(false))])
        live["flux-system/app-microservice3"] = k
        let report = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: withoutMicroservice3,
                                    live: ImpactLive(kustomizations: live), settings: .test)
        XCTAssertEqual(report.cascades.first?.effect, .orphansWorkloads)
        XCTAssertEqual(report.cascades.first?.prune, false)
        XCTAssertEqual(report.cascades.first?.workloads.count, 2, "the workloads are listed: they stay behind")
        XCTAssertEqual(report.deletedWorkloads, [])
    }

    func testWithoutInventoryTheCurrentRenderIsTheBaseline() {
        let report = Impact.compute(resourceSet: fixture.resourceSet.withoutStatus(), providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: withoutMicroservice3, settings: .test)
        XCTAssertEqual(report.baseline, .currentRender)
        XCTAssertEqual(report.pruned.count, 2)
        XCTAssertEqual(report.cascades.first?.effect, .unknown, "no live Kustomization: cannot expand")
        XCTAssertEqual(report.cascades.first?.prune, true, "spec.prune read from the rendered object")
    }

    func testNewTagIsCreatedWithItsInput() {
        let simulated = [tagInput("app-microservice4")] + (fixture.provider("app-microservices-tags")?.exportedInputs ?? [])
        let report = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: simulated, settings: .test)
        XCTAssertEqual(report.created.map(\.key.description), [
            "Kustomization flux-system/app-microservice4", "OCIRepository flux-system/app-microservice4",
        ])
        XCTAssertEqual(report.created.first?.input, "app-microservice4")
        XCTAssertEqual(report.created.first?.inputID, InputID.of(tag: "app-microservice4"))
        XCTAssertEqual(report.created.first?.source, "spec.resourcesTemplate")
        XCTAssertEqual(report.pruned, [])
    }

    func testEmptyListPrunesEverything() {
        let report = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: [],
                                    live: ImpactLive(kustomizations: fixture.kustomizations), settings: .test)
        XCTAssertTrue(report.prunesEverything)
        XCTAssertEqual(report.after.inputs?.appliesEmptySet, true)
        XCTAssertEqual(report.pruned.count, 6)
        XCTAssertEqual(report.kept, [])
        XCTAssertEqual(report.cascades.count, 3)
        XCTAssertEqual(report.deletedWorkloads.count, 6)
    }

    func testPruneDisabledObjectsAreKept() throws {
        // A spec.resources entry marked prune: disabled, rendered per input next to the template.
        let keep: Value = .object([
            ("apiVersion", "v1"), ("kind", "ConfigMap"),
            ("metadata", .object([("name", "keep-<< inputs.id >>"),
                                  ("annotations", .object([("fluxcd.controlplane.io/prune", "disabled")]))])),
        ])
        let rs = fixture.resourceSet.withoutStatus().with(spec: "resources", .array([keep]))
        let report = Impact.compute(resourceSet: rs, providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: withoutMicroservice3, settings: .test)
        XCTAssertEqual(report.keptPruneDisabled.map(\.key.description), ["ConfigMap flux-system/keep-1018693293"],
                       "namespace defaults to the ResourceSet's")
        XCTAssertEqual(report.keptPruneDisabled.first?.input, "app-microservice3")
        XCTAssertEqual(report.pruned.count, 2)
    }

    func testProviderNotConsumedChangesNothing() throws {
        var other = fixture.provider("app-microservices-tags")?.object ?? .null
        other["metadata"] = .object([("name", "unrelated"), ("namespace", "flux-system")])
        let report = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers + [InputProvider(other)],
                                    provider: "unrelated", simulated: [], settings: .test)
        XCTAssertFalse(report.consumesProvider)
        XCTAssertFalse(report.hasChanges)
        XCTAssertFalse(report.prunesEverything)
    }

    func testMissingProviderByNameStallsWithBuildFailed() {
        let rs = fixture.resourceSet.with(spec: "inputsFrom", [
            .object([("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSetInputProvider"), ("name", "app-microservices-tags")]),
            .object([("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSetInputProvider"), ("name", "gone")]),
        ])
        XCTAssertThrowsError(try ResourceSetInputs.resolve(rs, providers: fixture.providers)) { error in
            XCTAssertEqual(error as? ResourceSetError,
                           .missingProvider(resourceSet: "flux-system/app-microservices", field: "spec.inputsFrom[1].name", name: "gone"))
            XCTAssertEqual((error as? ResourceSetError)?.reason, "BuildFailed")
            XCTAssertTrue("\(error)".contains("ResourceSet flux-system/app-microservices"))
        }
        let report = Impact.compute(resourceSet: rs, providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: [], settings: .test)
        XCTAssertNotNil(report.stalled)
        XCTAssertEqual(report.pruned, [], "a stalled ResourceSet prunes nothing")
        XCTAssertEqual(report.created, [])
        XCTAssertEqual(report.kept.count, 6)
        XCTAssertFalse(report.prunesEverything)
    }

    func testTemplateErrorNamesTheResourceSet() {
        let rs = fixture.resourceSet.with(spec: "resourcesTemplate", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cm-<< inputs.nope >>
            """)
        XCTAssertThrowsError(try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: fixture.providers), settings: .test)) { error in
            guard case .template(let name, let field, let input, let message)? = error as? ResourceSetError else {
                return XCTFail("expected a template error, got \(error)")
            }
            XCTAssertEqual(name, "flux-system/app-microservices")
            XCTAssertEqual(field, "spec.resourcesTemplate")
            XCTAssertEqual(input, "app-microservice3")
            XCTAssertTrue(message.contains("nope"), message)
            XCTAssertTrue("\(error)".hasPrefix("ResourceSet flux-system/app-microservices: spec.resourcesTemplate for input app-microservice3: "))
        }
        let report = Impact.compute(resourceSet: rs, providers: fixture.providers,
                                    provider: "app-microservices-tags", simulated: withoutMicroservice3, settings: .test)
        XCTAssertNotNil(report.stalled)
        XCTAssertEqual(report.pruned, [])
    }
}
