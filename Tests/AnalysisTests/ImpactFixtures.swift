import Analysis
import Foundation
import Provider
import YAML

/// Loads `Tests/Fixtures/impact/*.yaml` multi-document streams and sorts them by kind.
struct ImpactFixture {
    var resourceSets: [ResourceSetView] = []
    var providers: [InputProvider] = []
    var kustomizations: [String: Value] = [:]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/impact")

    static func load(_ name: String) throws -> ImpactFixture {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var fixture = ImpactFixture()
        for document in try YAML.parseStream(text) {
            switch document["kind"]?.string {
            case "ResourceSet": fixture.resourceSets.append(ResourceSetView(document))
            case "ResourceSetInputProvider": fixture.providers.append(InputProvider(document))
            case "Kustomization":
                let ns = document[path: "metadata", "namespace"]?.string ?? ""
                let name = document[path: "metadata", "name"]?.string ?? ""
                fixture.kustomizations["\(ns)/\(name)"] = document
            default: break
            }
        }
        return fixture
    }

    var resourceSet: ResourceSetView { resourceSets[0] }

    func provider(_ name: String) -> InputProvider? { providers.first { $0.name == name } }
}

extension ResourceSetView {
    /// A copy with one spec field replaced, for variations on a fixture.
    func with(spec key: String, _ value: Value?) -> ResourceSetView {
        var object = self.object
        var spec = object["spec"] ?? .object(Value.Object())
        spec[key] = value
        object["spec"] = spec
        return ResourceSetView(object)
    }

    func withoutStatus() -> ResourceSetView {
        var object = self.object
        object["status"] = nil
        return ResourceSetView(object)
    }
}

func tagInput(_ tag: String, digest: String = "sha256:00") -> Value {
    .object([("digest", .string(digest)), ("id", .string(InputID.of(tag: tag))), ("tag", .string(tag))])
}

extension RenderSettings {
    /// A fixed clock (2026-11-25T10:14:30Z), so every render in these tests is reproducible.
    static let test = RenderSettings(now: 1_795_601_670)
}
