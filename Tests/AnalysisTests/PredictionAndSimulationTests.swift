import Analysis
import Provider
import XCTest
import YAML

/// The select → digests → export → compare sequence and what a simulation keeps and notes,
/// as the commands use them.
final class PredictionAndSimulationTests: XCTestCase {
    private var fixture: ImpactFixture!

    override func setUpWithError() throws {
        fixture = try ImpactFixture.load("seed.yaml")
    }

    private var provider: InputProvider { fixture.provider("app-microservices-tags")! }

    private func digests(_ tags: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: tags.map { tag in
            (tag, "sha256:" + String(repeating: String(tag.last!), count: 64))
        })
    }

    func testAPredictionOfTheSameTagsIsEqual() throws {
        let tags = ["app-microservice1", "app-microservice2", "app-microservice3", "other"]
        let selection = try Prediction.select(tags, filter: provider.tagFilter)
        XCTAssertEqual(selection.selected, ["app-microservice3", "app-microservice2", "app-microservice1"])
        let prediction = Prediction.finish(provider, tags: tags, selection: selection, digests: digests(selection.selected))
        XCTAssertTrue(prediction.diff.isEqual, "\(prediction.diff.changes)")
        XCTAssertEqual(prediction.predicted.first?.object?.keys, ["digest", "id", "tag"], "the controller's key order")
    }

    /// Mappings compare as mappings: the docs' key order is the same input.
    func testKeyOrderDoesNotMakeAChange() {
        let a: Value = .object([("id", "1"), ("digest", "sha256:1"), ("tag", "t")])
        let b: Value = .object([("digest", "sha256:1"), ("id", "1"), ("tag", "t")])
        XCTAssertEqual(a, b)
        XCTAssertEqual(InputDiff.changes(from: [a], to: [b]), [])
        let c: Value = .object([("digest", "sha256:1"), ("id", "1"), ("tag", "t"), ("env", "x")])
        let changes = InputDiff.changes(from: [a], to: [c])
        XCTAssertEqual(changes.map(\.reason), [.valuesChanged(keys: ["env"])])
    }

    func testOfflineDigestsPreferTheFile() {
        let known = Prediction.offlineDigests(provider, known: ["app-microservice1": "sha256:f"])
        XCTAssertEqual(known["app-microservice1"], "sha256:f")
        XCTAssertEqual(known["app-microservice3"], "sha256:" + String(repeating: "3", count: 64))
    }

    func testSimulationKeptChangedAndNotes() throws {
        let changed = Simulation.filter(provider.tagFilter, includeTag: nil, excludeTag: "microservice2", semver: nil, limit: nil)
        XCTAssertEqual(changed.excludeTag, "microservice2")
        XCTAssertNil(Simulation.filter(changed, includeTag: "", excludeTag: nil, semver: nil, limit: nil).includeTag, "'' clears")
        let tags = provider.exportedInputs.compactMap { $0["tag"]?.string }
        let selection = try Prediction.select(tags, filter: changed)
        var known = digests(selection.selected)
        known["app-microservice1"] = "sha256:new"
        let prediction = Prediction.finish(provider, tags: tags, selection: selection, digests: known)
        let simulation = Simulation(provider: provider, filter: changed, source: .status, prediction: prediction, impact: [])
        XCTAssertEqual(simulation.kept, ["app-microservice3", "app-microservice1"])
        XCTAssertEqual(simulation.changed.map(\.tag), ["app-microservice1"])
        XCTAssertTrue(simulation.notes[0].hasPrefix("--from-status knows only the 3 tag(s) exported now"), "\(simulation.notes)")
    }

    /// The command fetches exactly these before computing the impact once.
    func testKustomizationCandidatesComeFromTheInventory() {
        let candidates = Impact.kustomizationCandidates(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                                        provider: "app-microservices-tags", settings: .test)
        XCTAssertEqual(candidates.map(\.description), [
            "Kustomization flux-system/app-microservice1", "Kustomization flux-system/app-microservice2",
            "Kustomization flux-system/app-microservice3",
        ])
        let rendered = Impact.kustomizationCandidates(resourceSet: fixture.resourceSet.withoutStatus(),
                                                      providers: fixture.providers, provider: "app-microservices-tags", settings: .test)
        XCTAssertEqual(rendered, candidates, "without an inventory, the current render")
    }

    func testAnUnreadableOrUnfetchedKustomizationSaysWhy() throws {
        let simulated = Array(provider.exportedInputs.dropFirst())
        let unreadable = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                        provider: "app-microservices-tags", simulated: simulated,
                                        live: ImpactLive(unreadable: ["flux-system/app-microservice3": "forbidden"]), settings: .test)
        XCTAssertEqual(unreadable.cascades.first?.effect, .unreadable)
        XCTAssertEqual(unreadable.cascades.first?.reason, "forbidden")
        let fromFile = Impact.compute(resourceSet: fixture.resourceSet, providers: fixture.providers,
                                      provider: "app-microservices-tags", simulated: simulated,
                                      live: ImpactLive(fromCluster: false), settings: .test)
        XCTAssertEqual(fromFile.cascades.first?.effect, .notRead)
    }
}
