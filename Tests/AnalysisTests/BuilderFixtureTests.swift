import Analysis
import Foundation
import Provider
import XCTest
import YAML

/// Renders every case of `Tests/Fixtures/builder` (this project's own ResourceSets, written to
/// exercise what Flux Operator's builder tests exercise; see that folder's README) through
/// `ResourceSetPreview.build`, the entry point `render` uses, and compares with `expected.yaml`,
/// whose objects were worked out by hand from the controller's rules.
final class BuilderFixtureTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/builder")

    /// One case: the ResourceSet and the providers beside it, the inputs file, the expectations.
    struct Case {
        var name: String
        var resourceSet: ResourceSetView
        var providers: [InputProvider]
        var inputsFile: [Value]?
        var expected: Value

        var options: ResourceSetInputOptions {
            ResourceSetInputOptions(inlineInputs: inputsFile,
                                    missingProviders: expected["missingProviders"]?.string == "omit" ? .omit : .stall)
        }

        func preview() -> ResourceSetPreview {
            ResourceSetPreview.build(resourceSet, providers: providers, options: options, settings: .test)
        }
    }

    static func cases() throws -> [Case] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &isDir) && isDir.boolValue }
            .sorted()
        return try names.map { name in
            let folder = directory.appendingPathComponent(name)
            let documents = try YAML.parseStream(try String(contentsOf: folder.appendingPathComponent("resourceset.yaml"), encoding: .utf8))
            let resourceSets = documents.filter { $0["kind"]?.string == "ResourceSet" }.map(ResourceSetView.init)
            guard resourceSets.count == 1, let rs = resourceSets.first else {
                throw XCTSkip("\(name): resourceset.yaml must hold exactly one ResourceSet")
            }
            let providers = documents.filter { $0["kind"]?.string == "ResourceSetInputProvider" }.map(InputProvider.init)
            let inputsURL = folder.appendingPathComponent("inputs.yaml")
            let inputs = try FileManager.default.fileExists(atPath: inputsURL.path)
                ? ResourceSetInputOptions.inputList(yaml: String(contentsOf: inputsURL, encoding: .utf8), file: "inputs.yaml")
                : nil
            let expected = try YAML.parse(try String(contentsOf: folder.appendingPathComponent("expected.yaml"), encoding: .utf8))
            return Case(name: name, resourceSet: rs, providers: providers, inputsFile: inputs, expected: expected)
        }
    }

    func testEveryFixtureRendersAsWorkedOut() throws {
        let all = try Self.cases()
        XCTAssertEqual(all.count, 16, "every folder is a case")
        for c in all { check(c) }
    }

    private func check(_ c: Case) {
        let preview = c.preview()
        XCTAssertNotNil(c.expected["rule"]?.string, "\(c.name): expected.yaml states the controller rule it exercises")
        if let stalled = c.expected["stalled"]?.string {
            guard case .stalled(let error) = preview.outcome else {
                return XCTFail("\(c.name): expected BuildFailed, got \(preview.outcome)")
            }
            XCTAssertEqual(error.message, stalled, c.name)
            return
        }
        guard case .rendered(let render) = preview.outcome else {
            return XCTFail("\(c.name): \(preview.outcome)")
        }
        if let strategy = c.expected["strategy"]?.string {
            XCTAssertEqual(preview.inputs?.strategy, strategy, c.name)
        }
        if let labels = c.expected["inputs"]?.array {
            XCTAssertEqual(preview.inputs?.inputs.map(\.label), labels.compactMap(\.string), "\(c.name): combined inputs")
        }
        let wanted = c.expected["objects"]?.array ?? []
        XCTAssertEqual(render.objects.count, wanted.count, "\(c.name): \(render.objects.map(\.key.description))")
        for (got, want) in zip(render.objects, wanted) {
            XCTAssertEqual(got.object, want["object"], "\(c.name): \(got.key)\n\(YAML.emit(got.object))")
            XCTAssertEqual(got.inputLabel, want["input"]?.string, "\(c.name): input of \(got.key)")
            XCTAssertEqual(preview.step(of: got), want["step"]?.string, "\(c.name): step of \(got.key)")
        }
        func described(_ o: ResourceSetRenderedObject) -> String {
            o.key.description + (o.inputLabel.map { " for \($0)" } ?? "")
        }
        XCTAssertEqual(render.duplicates.map { described($0.dropped) }, (c.expected["duplicates"]?.array ?? []).compactMap(\.string),
                       "\(c.name): duplicates")
        XCTAssertEqual(render.disabled.map(described), (c.expected["disabled"]?.array ?? []).compactMap(\.string),
                       "\(c.name): reconcile-disabled")
        XCTAssertEqual(render.appliesEmptySet, c.expected["appliesEmptySet"]?.bool ?? false, "\(c.name): applies an empty set")

        // As applied: commonMetadata, then the owner labels, on every object.
        for (applied, _) in preview.objects {
            XCTAssertEqual(applied[path: "metadata", "labels", "resourceset.fluxcd.controlplane.io/name"]?.string, c.resourceSet.name)
            XCTAssertEqual(applied[path: "metadata", "labels", "resourceset.fluxcd.controlplane.io/namespace"]?.string,
                           c.resourceSet.namespace)
            for (key, value) in c.resourceSet.commonLabels {
                XCTAssertEqual(applied[path: "metadata", "labels", key], value, "\(c.name): commonMetadata label \(key)")
            }
        }
    }

    func testTheInputsFileCaseStallsUnderTheControllersRule() throws {
        let c = try XCTUnwrap(try Self.cases().first { $0.name == "inputs-from-file" })
        let strict = ResourceSetPreview.build(c.resourceSet, providers: c.providers,
                                              options: ResourceSetInputOptions(inlineInputs: c.inputsFile), settings: .test)
        guard case .stalled(let error) = strict.outcome else { return XCTFail("\(strict.outcome)") }
        XCTAssertEqual(error, .missingProvider(resourceSet: "platform/tenants", field: "spec.inputsFrom[0].name", name: "tenant-list"))
        // Without the file, its own inline input renders (provider left out).
        let ownInputs = ResourceSetPreview.build(c.resourceSet, providers: [], options: ResourceSetInputOptions(missingProviders: .omit),
                                                 settings: .test)
        XCTAssertEqual(ownInputs.objects.map(\.rendered.key.description), ["Namespace legacy", "ResourceQuota legacy/pods"])
    }

    func testTheSlugifyCaseIsAppliedWithItsCommonLabels() throws {
        let c = try XCTUnwrap(try Self.cases().first { $0.name == "inline-slugify" })
        let first = try XCTUnwrap(c.preview().objects.first?.applied)
        XCTAssertEqual(first[path: "metadata", "labels"], .object([
            ("channel", "2-0-0-beta-1"), ("team", "retail"),
            ("resourceset.fluxcd.controlplane.io/name", "shop"), ("resourceset.fluxcd.controlplane.io/namespace", "retail"),
        ]))
    }
}
