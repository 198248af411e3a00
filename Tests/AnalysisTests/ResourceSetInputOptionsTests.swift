import Analysis
import Failure
import Provider
import XCTest
import YAML

/// Inputs outside the controller: the `--inputs-from` list, providers left out, `inputsFrom`
/// entries without a kind.
final class ResourceSetInputOptionsTests: XCTestCase {
    func testAnInputsFileIsAListOfMaps() throws {
        XCTAssertEqual(try ResourceSetInputOptions.inputList(yaml: "- tenant: a\n  count: 1\n- {tenant: b}\n", file: "in.yaml"),
                       [["tenant": "a", "count": 1], ["tenant": "b"]])
        XCTAssertEqual(try ResourceSetInputOptions.inputList(yaml: "", file: "in.yaml"), [], "an empty file is no inputs")
        XCTAssertEqual(try ResourceSetInputOptions.inputList(yaml: "null\n", file: "in.yaml"), [])
        XCTAssertEqual(try ResourceSetInputOptions.inputList(yaml: "- ~\n", file: "in.yaml"), [.object(Value.Object())],
                       "a null item is an empty input, as Go unmarshals it")
        XCTAssertEqual(try ResourceSetInputOptions.inputList(yaml: "- a: 1\n---\n- b: 2\n", file: "in.yaml"), [["a": 1]],
                       "only the first document is read")
    }

    func testAnInputsFileOfAnotherShapeIsAUserError() {
        func message(_ text: String) -> String? {
            do throws(UserError) {
                _ = try ResourceSetInputOptions.inputList(yaml: text, file: "in.yaml")
                return nil
            } catch {
                XCTAssertEqual(error.hint, "an inputs file is a YAML list of maps, as flux-operator build rset -i takes it: [{tenant: team1, tag: v1.0.0}]")
                return error.message
            }
        }
        XCTAssertEqual(message("tenant: a\n"), "in.yaml: expected a list of inputs, got a mapping")
        XCTAssertEqual(message("- a\n- b: 1\n"), "in.yaml: item 1 is a string, not a map of input values")
        XCTAssertEqual(message("- [unclosed\n").map { $0.hasPrefix("in.yaml: line ") }, true)
    }

    private func rset(inputsFrom: Value, inline: Value = []) -> ResourceSetView {
        ResourceSetView(.object([
            ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSet"),
            ("metadata", .object([("name", "rs"), ("namespace", "apps")])),
            ("spec", .object([("inputs", inline), ("inputsFrom", inputsFrom)])),
        ]))
    }

    private let provider = InputProvider(.object([
        ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSetInputProvider"),
        ("metadata", .object([("name", "pr"), ("namespace", "apps"), ("labels", ["previews": "on"])])),
        ("spec", ["type": "GitHubPullRequest"]),
        ("status", .object([("exportedInputs", [["id": "12", "branch": "feat"]])])),
    ]))

    func testAnInputsFromEntryWithoutKindNamesAProvider() throws {
        let byName = rset(inputsFrom: [["name": "pr"]])
        let bySelector = rset(inputsFrom: [["selector": ["matchLabels": ["previews": "on"]]]])
        for rs in [byName, bySelector] {
            XCTAssertEqual(ResourceSetInputs.consumers(of: provider, among: [rs]).map(\.name), ["rs"])
            let resolved = try ResourceSetInputs.resolve(rs, providers: [provider])
            XCTAssertEqual(resolved.inputs.map(\.label), ["12"])
            XCTAssertEqual(resolved.inputs.first?.value[path: "provider", "kind"], "ResourceSetInputProvider")
        }
        // Another kind is what the API server refuses (the CRD's enum); a file saying so stalls.
        XCTAssertThrowsError(try ResourceSetInputs.resolve(rset(inputsFrom: [["kind": "GitRepository", "name": "pr"]]), providers: [provider])) { error in
            XCTAssertEqual((error as? ResourceSetError)?.message,
                           "ResourceSet apps/rs: spec.inputsFrom[0].kind: unsupported kind \"GitRepository\", only ResourceSetInputProvider is accepted")
        }
    }

    func testAMissingProviderStallsOrIsLeftOut() throws {
        let rs = rset(inputsFrom: [["name": "gone"], ["name": "pr"]], inline: [["id": "own"]])
        XCTAssertThrowsError(try ResourceSetInputs.resolve(rs, providers: [provider]))
        let omitted = try ResourceSetInputs.resolve(rs, providers: [provider], options: ResourceSetInputOptions(missingProviders: .omit))
        XCTAssertEqual(omitted.inputs.map(\.label), ["own", "12"])
        XCTAssertEqual(omitted.providers.map(\.description), ["ResourceSet/rs", "ResourceSetInputProvider/pr"])
    }

    func testAnInputsListReplacesTheInlineInputs() throws {
        let rs = rset(inputsFrom: [], inline: [["id": "own"]])
        let resolved = try ResourceSetInputs.resolve(rs, providers: [], options: ResourceSetInputOptions(inlineInputs: [["id": "file"], ["id": "file2"]]))
        XCTAssertEqual(resolved.inputs.map(\.label), ["file", "file2"])
        XCTAssertEqual(resolved.inputs.first?.value["provider"], .object([
            ("apiVersion", "fluxcd.controlplane.io/v1"), ("kind", "ResourceSet"), ("name", "rs"), ("namespace", "apps"),
        ]))
        XCTAssertThrowsError(try ResourceSetInputs.resolve(rs, providers: [], options: ResourceSetInputOptions(inlineInputs: ["text"]))) { error in
            XCTAssertEqual((error as? ResourceSetError)?.message, "ResourceSet apps/rs: --inputs-from[0]: expected a mapping, got a string")
        }
    }
}
