import Analysis
import Provider
import XCTest
import YAML

/// Spec 5.1-5.2: provider selection, order, `provider` refs, Flatten and Permute.
final class ResourceSetInputsTests: XCTestCase {
    private func rsip(_ name: String, _ tags: [String], namespace: String = "apps", labels: [(String, Value)] = []) -> InputProvider {
        InputProvider(.object([
            ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSetInputProvider"),
            ("metadata", .object([("name", .string(name)), ("namespace", .string(namespace)), ("labels", .object(Value.Object(labels)))])),
            ("status", .object([("exportedInputs", .array(tags.map { tagInput($0) }))])),
        ]))
    }

    private func rset(_ name: String = "rset", strategy: String? = nil, includeEmpty: Bool = false,
                      inline: [Value] = [], from names: [String]) -> ResourceSetView {
        var spec = Value.Object()
        if !inline.isEmpty { spec["inputs"] = .array(inline) }
        spec["inputsFrom"] = .array(names.map {
            .object([("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSetInputProvider"), ("name", .string($0))])
        })
        if let strategy {
            spec["inputStrategy"] = .object([("name", .string(strategy)), ("includeEmptyProviders", .bool(includeEmpty))])
        }
        return ResourceSetView(.object([
            ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSet"),
            ("metadata", .object([("name", .string(name)), ("namespace", "apps")])), ("spec", .object(spec)),
        ]))
    }

    func testFlattenBySelectorOrdersInlineThenProvidersByName() throws {
        let fixture = try ImpactFixture.load("flatten-selector.yaml")
        let resolved = try ResourceSetInputs.resolve(fixture.resourceSet, providers: fixture.providers)
        XCTAssertEqual(resolved.strategy, "Flatten")
        XCTAssertEqual(resolved.providers.map(\.description),
                       ["ResourceSet/by-label", "ResourceSetInputProvider/alpha-tags", "ResourceSetInputProvider/zeta-tags"])
        XCTAssertEqual(resolved.inputs.map(\.label), ["inline", "app-b", "app-a", "app-c"])
        XCTAssertEqual(resolved.inputs.map(\.id), ["7", "95814097", "95748560", "95879634"],
                       "Flatten keeps each input's own id; inline inputs get none synthesised")
        XCTAssertEqual(resolved.inputs[0].value["provider"], .object([
            ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSet"), ("name", "by-label"), ("namespace", "apps"),
        ]))
        XCTAssertEqual(resolved.inputs[1].value["provider"]?["name"], "alpha-tags", "an exported `provider` key is overwritten")
        XCTAssertEqual(resolved.inputs[1].value.object?.keys.last, "provider", "set last")
        XCTAssertFalse(resolved.appliesEmptySet)

        let render = try ResourceSetRenderer.render(fixture.resourceSet, inputs: resolved, settings: .test)
        XCTAssertEqual(render.objects.map(\.key.description),
                       ["ConfigMap apps/cm-inline", "ConfigMap apps/cm-app-b", "ConfigMap apps/cm-app-a", "ConfigMap apps/cm-app-c"])
        XCTAssertEqual(render.objects[1].object[path: "data", "provider"], "alpha-tags")
        XCTAssertEqual(render.objects[1].source, "spec.resources[0]")
    }

    func testInlineInputWithoutIdHasNone() throws {
        let resolved = try ResourceSetInputs.resolve(rset(inline: [["env": "prod"]], from: []), providers: [])
        XCTAssertNil(resolved.inputs.first?.id)
        XCTAssertEqual(resolved.inputs.first?.label, "#0")
    }

    func testConsumersByNameAndSelectorSameNamespaceOnly() throws {
        let fixture = try ImpactFixture.load("flatten-selector.yaml")
        let seed = try ImpactFixture.load("seed.yaml")
        let all = fixture.resourceSets + seed.resourceSets
        XCTAssertEqual(ResourceSetInputs.consumers(of: try XCTUnwrap(fixture.provider("alpha-tags")), among: all).map(\.name), ["by-label"])
        XCTAssertEqual(ResourceSetInputs.consumers(of: try XCTUnwrap(fixture.provider("other-tags")), among: all).map(\.name), [],
                       "NotIn legacy")
        XCTAssertEqual(ResourceSetInputs.consumers(of: try XCTUnwrap(fixture.provider("foreign")), among: all).map(\.name), [],
                       "labels match but the namespace does not")
        XCTAssertEqual(ResourceSetInputs.consumers(of: try XCTUnwrap(seed.provider("app-microservices-tags")), among: all).map(\.name),
                       ["app-microservices"])
    }

    func testLabelSelectorOperators() throws {
        let labels = Value.Object([("team", "apps"), ("tier", "web")])
        func sel(_ v: Value) throws -> ResourceSetLabelSelector {
            try ResourceSetLabelSelector(v, resourceSet: "apps/r", field: "spec.inputsFrom[0].selector")
        }
        XCTAssertTrue(try sel([:]).matches(labels), "an empty selector selects everything")
        XCTAssertTrue(try sel(["matchExpressions": [["key": "tier", "operator": "In", "values": ["web", "api"]]]]).matches(labels))
        XCTAssertFalse(try sel(["matchExpressions": [["key": "tier", "operator": "NotIn", "values": ["web"]]]]).matches(labels))
        XCTAssertTrue(try sel(["matchExpressions": [["key": "zone", "operator": "NotIn", "values": ["a"]]]]).matches(labels))
        XCTAssertTrue(try sel(["matchExpressions": [["key": "zone", "operator": "DoesNotExist"]]]).matches(labels))
        XCTAssertFalse(try sel(["matchExpressions": [["key": "zone", "operator": "Exists"]]]).matches(labels))
        XCTAssertFalse(try sel(["matchLabels": ["team": "apps", "tier": "api"]]).matches(labels))
        XCTAssertThrowsError(try sel(["matchExpressions": [["key": "tier", "operator": "In"]]]))
        XCTAssertThrowsError(try sel(["matchExpressions": [["key": "tier", "operator": "Exists", "values": ["x"]]]]))
        XCTAssertThrowsError(try sel(["matchExpressions": [["key": "tier", "operator": "Gt", "values": ["1"]]]])) { error in
            XCTAssertTrue("\(error)".contains("spec.inputsFrom[0].selector"), "\(error)")
        }
    }

    func testNormalisedProviderKeys() {
        XCTAssertEqual(ResourceSetInputs.normalizedProviderKey("podinfo-chart"), "podinfo_chart")
        XCTAssertEqual(ResourceSetInputs.normalizedProviderKey("My RSet"), "my_rset")
        XCTAssertEqual(ResourceSetInputs.normalizedProviderKey("--a..b__c--"), "a_b_c")
        XCTAssertEqual(ResourceSetInputs.normalizedProviderKey("café-1"), "caf_1", "non-ASCII letters vanish")
        XCTAssertEqual(ResourceSetInputs.normalizedProviderKey("a+b$c"), "abc", "symbols are dropped, not mapped")
        XCTAssertEqual(ResourceSetInputs.normalizedProviderKey("ÉÉ"), "")
    }

    func testPermuteIdsMatchTheVectors() throws {
        let chart = rsip("podinfo-chart", ["6.0.0", "6.1.0"])
        let image = rsip("podinfo-image", ["6.0.4"])
        let redis = rsip("redis-image", ["7.2.4"])
        let resolved = try ResourceSetInputs.resolve(rset(strategy: "Permute", from: ["podinfo-image", "podinfo-chart"]),
                                                     providers: [image, chart])
        XCTAssertEqual(resolved.inputs.map(\.id), ["3253472187", "3254586300"],
                       "podinfo_chart=0/podinfo_image=0, podinfo_chart=1/podinfo_image=0; the empty ResourceSet is skipped")
        XCTAssertEqual(resolved.inputs[1].value[path: "podinfo_chart", "tag"], "6.1.0")
        XCTAssertEqual(resolved.inputs[1].value[path: "podinfo_image", "provider", "name"], "podinfo-image")
        XCTAssertEqual(resolved.inputs[1].label, "podinfo_chart=6.1.0/podinfo_image=6.0.4")

        let three = try ResourceSetInputs.resolve(rset(strategy: "Permute", from: ["redis-image", "podinfo-chart", "podinfo-image"]),
                                                  providers: [redis, image, chart])
        XCTAssertEqual(three.inputs.first?.id, "2373783760")

        let withSelf = try ResourceSetInputs.resolve(rset("my-rset", strategy: "Permute", inline: [["region": "eu"]], from: ["app-tags"]),
                                                     providers: [rsip("app-tags", ["app-a"])])
        XCTAssertEqual(withSelf.inputs.map(\.id), ["1353910108"], "my_rset=0/app_tags=0")
        XCTAssertEqual(withSelf.inputs.first?.value[path: "my_rset", "region"], "eu")
    }

    func testPermuteEmptyProviders() throws {
        let empty = rsip("empty", [])
        let tags = rsip("tags", ["a", "b"])
        let skipped = try ResourceSetInputs.resolve(rset(strategy: "Permute", from: ["empty", "tags"]), providers: [empty, tags])
        XCTAssertEqual(skipped.inputs.count, 2)
        let included = try ResourceSetInputs.resolve(rset(strategy: "Permute", includeEmpty: true, inline: [["x": "1"]], from: ["empty", "tags"]),
                                                     providers: [empty, tags])
        XCTAssertEqual(included.inputs.count, 0)
        XCTAssertTrue(included.appliesEmptySet)
        // The caveat: with includeEmptyProviders and no inline inputs, the ResourceSet itself is
        // an empty provider, so the product is always empty.
        let caveat = try ResourceSetInputs.resolve(rset(strategy: "Permute", includeEmpty: true, from: ["tags"]), providers: [tags])
        XCTAssertEqual(caveat.inputs.count, 0)
    }

    func testPermuteLimit() {
        let big = rsip("big", (0..<101).map { "t\($0)" })
        let other = rsip("other", (0..<100).map { "u\($0)" })
        XCTAssertThrowsError(try ResourceSetInputs.resolve(rset(strategy: "Permute", from: ["big", "other"]), providers: [big, other])) { error in
            guard case .permutation(let r, _, let message)? = error as? ResourceSetError else { return XCTFail("\(error)") }
            XCTAssertEqual(r, "apps/rset")
            XCTAssertTrue(message.contains("adding provider 'other' with 100 inputs would exceed the maximum allowed permutations. max: 10000, got: 10100"), message)
        }
    }

    func testUnknownStrategyAndMissingProvider() {
        XCTAssertThrowsError(try ResourceSetInputs.resolve(rset(strategy: "Zip", from: []), providers: [])) { error in
            XCTAssertEqual("\(error)", "ResourceSet apps/rset: spec.inputStrategy.name: unknown input strategy: 'Zip'")
        }
        XCTAssertThrowsError(try ResourceSetInputs.resolve(rset(from: ["nope"]), providers: [rsip("nope", [], namespace: "other")])) { error in
            XCTAssertEqual(error as? ResourceSetError, .missingProvider(resourceSet: "apps/rset", field: "spec.inputsFrom[0].name", name: "nope"),
                           "lookups are confined to the ResourceSet's namespace")
        }
    }

    func testOverrideReplacesOneProvidersInputs() throws {
        let resolved = try ResourceSetInputs.resolve(rset(from: ["a", "b"]), providers: [rsip("a", ["x"]), rsip("b", ["y"])],
                                                     overrides: ["b": [tagInput("z")]])
        XCTAssertEqual(resolved.inputs.map(\.label), ["x", "z"])
    }
}
