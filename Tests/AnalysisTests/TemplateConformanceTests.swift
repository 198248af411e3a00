import Analysis
import Foundation
import Provider
import XCTest
import YAML

/// Every case of `templates.json` (rendered with the controller's own libraries) through the
/// code path `render` and `simulate` use: `ResourceSetInputs.resolve` -> `ResourceSetRenderer`.
final class TemplateConformanceTests: XCTestCase {
    static func cases() throws -> [Value] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/conformance/templates.json")
        return try XCTUnwrap(try JSON.parse(Array(try Data(contentsOf: url))).array)
    }

    /// The case's ResourceSet `apps/rs`, whose `inputsFrom` names every provider.
    static func resourceSet(_ c: Value) -> ResourceSetView {
        var spec = Value.Object()
        spec["inputsFrom"] = .array((c["providers"]?.array ?? []).map {
            ["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider", "name": $0["name"] ?? ""]
        })
        spec["resources"] = c["resources"] ?? []
        if let t = c["resourcesTemplate"] { spec["resourcesTemplate"] = t }
        return ResourceSetView(.object([
            ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSet"),
            ("metadata", ["name": "rs", "namespace": "apps"]), ("spec", .object(spec)),
        ]))
    }

    static func providers(_ c: Value) -> [InputProvider] {
        (c["providers"]?.array ?? []).map {
            InputProvider(.object([
                ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSetInputProvider"),
                ("metadata", ["name": $0["name"] ?? "", "namespace": $0["namespace"] ?? ""]),
                ("spec", ["type": "OCIArtifactTag"]),
                ("status", ["exportedInputs": $0["inputs"] ?? []]),
            ]))
        }
    }

    /// JSON numbers compare as numbers: 2 and 2.0 are equal.
    static func numbersAsDoubles(_ v: Value) -> Value {
        switch v {
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .array(let a): return .array(a.map(numbersAsDoubles))
        case .object(let o): return .object(Value.Object(o.pairs.map { ($0.key, numbersAsDoubles($0.value)) }))
        default: return v
        }
    }

    func testEveryTemplateCaseMatchesTheController() throws {
        let cases = try Self.cases()
        XCTAssertEqual(cases.count, 300)
        var passed = 0
        var failures: [String] = []
        for c in cases {
            let name = c["name"]?.string ?? "?"
            let rs = Self.resourceSet(c)
            let result = Result { try ResourceSetRenderer.render(rs, inputs: ResourceSetInputs.resolve(rs, providers: Self.providers(c)), settings: .test) }
            switch (result, c["error"]?.string) {
            case (.success(let render), nil):
                let got = render.objects.map { Self.numbersAsDoubles($0.object) }
                let want = (c["objects"]?.array ?? []).map(Self.numbersAsDoubles)
                if got == want { passed += 1 } else {
                    failures.append("\(name): rendered\n\(JSON.encodeCompact(.array(got)))\nwant\n\(JSON.encodeCompact(.array(want)))")
                }
            case (.failure, .some):
                passed += 1
            case (.success(let render), .some(let expected)):
                failures.append("\(name): rendered \(JSON.encodeCompact(.array(render.objects.map(\.object)))) where the controller fails: \(expected)")
            case (.failure(let error), nil):
                failures.append("\(name): failed where the controller renders: \(error)")
            }
        }
        for f in failures { XCTFail(f) }
        print("conformance: \(passed)/\(cases.count) template cases agree")
        XCTAssertEqual(passed, cases.count)
    }
}
