import Foundation
import Kube
@testable import kubectl_rsip
import XCTest
import YAML

/// kubectl's output formats in-process: the reports' `-o jsonpath=` over their documented JSON,
/// and `get` with kubectl's printers, `--sort-by` and `-w`, over the fake cluster and registry.
final class OutputFormatsCommandTests: XCTestCase {
    private let provider = "app-microservices-tags"

    // MARK: reports

    func testWhyVerdictAsAOneLiner() throws {
        let h = try Harness.seed()
        let r = h.run("why", provider, "app-microservice2", "--from-status", "-o", "jsonpath={.verdict}")
        let json = try JSON.parse(h.run("why", provider, "app-microservice2", "--from-status", "-o", "json").stdout)
        XCTAssertEqual(r.stdout, json["verdict"]?.string, r.stderr)
        XCTAssertFalse(r.stdout.isEmpty)
        // The verdict's exit status stays the command's.
        XCTAssertEqual(r.status, h.run("why", provider, "app-microservice2", "--from-status", "-o", "json").status)
    }

    func testEveryReportTakesJSONPath() throws {
        let h = try Harness.seed()
        let simulate = h.run("simulate", provider, "--exclude-tag", "microservice2", "--from-status",
                             "-o", #"jsonpath={range .removed[*]}{.tag}{"\n"}{end}"#)
        XCTAssertEqual(simulate.status, 0, simulate.stderr)
        let simulated = try JSON.parse(h.run("simulate", provider, "--exclude-tag", "microservice2", "--from-status", "-o", "json").stdout)
        XCTAssertEqual(simulate.stdout, (simulated["removed"]?.array ?? []).compactMap { $0["tag"]?.string }.map { $0 + "\n" }.joined())
        XCTAssertEqual(simulate.stdout, "app-microservice2\n")

        let diff = h.run("diff", provider, "-o", "jsonpath={.providers[0].name} {.providers[0].equal}")
        let diffed = try JSON.parse(h.run("diff", provider, "-o", "json").stdout)
        XCTAssertEqual(diff.stdout, "\(diffed[path: "providers"]?[0]?["name"]?.string ?? "?") \(diffed[path: "providers"]?[0]?["equal"].map(GoValue.text) ?? "")")
        XCTAssertEqual(diff.stdout, "app-microservices-tags true")
        XCTAssertEqual(diff.status, h.run("diff", provider, "-o", "json").status, "the verdict is kept")

        let inputs = h.run("render", provider, "--show-inputs", "-o", "jsonpath={[0].resourceSet}: {[0].inputs[*].tag}")
        XCTAssertEqual(inputs.stdout, "flux-system/app-microservices: app-microservice3 app-microservice2 app-microservice1", inputs.stderr)
        let objects = h.run("render", provider, "-o", "jsonpath={.kind} {.items[*].kind}")
        XCTAssertTrue(objects.stdout.hasPrefix("List OCIRepository"), objects.stdout + objects.stderr)

        let doctor = h.run("doctor", "-A", "--from-status", "-o", "jsonpath={.checked.providers}")
        XCTAssertEqual(doctor.stdout, "3", doctor.stderr)

        let asJSON = h.run("why", provider, "app-microservice2", "--from-status", "-o", "jsonpath-as-json={.verdict}")
        XCTAssertEqual(try JSON.parse(asJSON.stdout).array?.count, 1, asJSON.stdout)
        let file = try Harness.file("{.verdict}\n", suffix: ".jsonpath")
        let fromFile = h.run("why", provider, "app-microservice2", "--from-status", "-o", "jsonpath-file=" + file)
        XCTAssertEqual(fromFile.stdout, json(h, "why", provider, "app-microservice2", "--from-status")["verdict"].map(GoValue.text).map { $0 + "\n" })
    }

    /// Bad templates fail before any work, with kubectl's wording; diff and why keep their 2.
    func testTemplateErrorsUseKubectlWording() throws {
        let h = try Harness.seed()
        let open = h.run("why", provider, "app-microservice2", "--from-status", "-o", "jsonpath={.verdict")
        XCTAssertEqual(open.status, 2)
        XCTAssertEqual(open.stderr, "error: error parsing jsonpath {.verdict, unclosed action\n")
        XCTAssertEqual(h.api.requests, [], "nothing was asked of the cluster")

        let bare = h.run("simulate", provider, "-o", "jsonpath")
        XCTAssertEqual(bare.status, 1)
        XCTAssertEqual(bare.stderr, "error: template format specified but no template given\n")

        let identifier = h.run("diff", provider, "-o", "jsonpath={.providers[0].name}{nope}")
        XCTAssertEqual(identifier.status, 2)
        XCTAssertTrue(identifier.stderr.hasPrefix(#"error: error executing jsonpath "{.providers[0].name}{nope}": Error executing template: unrecognized identifier nope."#),
                      identifier.stderr)

        let bounds = h.run("diff", provider, "-o", "jsonpath={.providers[7].name}")
        XCTAssertEqual(bounds.status, 2)
        XCTAssertTrue(bounds.stderr.hasPrefix(#"error: error executing jsonpath "{.providers[7].name}": Error executing template: array index out of bounds: index 7, length 1. Printing more information for debugging the template:"#),
                      bounds.stderr)
        XCTAssertEqual(bounds.stdout, "")

        let missing = h.run("doctor", "-A", "--from-status", "-o", "jsonpath={.nope}", "--allow-missing-template-keys=false")
        XCTAssertEqual(missing.status, 2, "doctor has no --allow-missing-template-keys: a usage error")

        let unknown = h.run("simulate", provider, "-o", "go-template={{.x}}")
        XCTAssertEqual(unknown.stderr, "error: unable to match a printer suitable for the output format \"go-template={{.x}}\", allowed formats are: json, yaml, jsonpath, jsonpath-as-json, jsonpath-file\n")
        let version = h.run("version", "-o", "jsonpath={.kubectlRsip}")
        XCTAssertEqual(version.status, 1)
        XCTAssertTrue(version.stderr.contains("allowed formats are: json, yaml\n"), version.stderr)
    }

    // MARK: get

    func testGetWithKubectlPrinters() throws {
        let h = try Harness.seed()
        let names = h.run("get", "-A", "-o", #"jsonpath={range .items[*]}{.metadata.name}{"\t"}{.status.exportedInputs[0].tag}{"\n"}{end}"#,
                          "--sort-by=.metadata.name")
        XCTAssertEqual(names.stdout, "app-frontend-tags\t\napp-microservices-tags\tapp-microservice3\npodinfo-tags\t1.2.0\n", names.stderr)
        let columns = h.run("get", "-A", "-o", "custom-columns=NAME:.metadata.name,GEN:.metadata.generation", "--no-headers")
        XCTAssertEqual(columns.stdout.split(separator: "\n").count, 3, columns.stdout)
        let template = h.run("get", provider, "-o", #"go-template={{range .status.exportedInputs}}{{.tag}} {{end}}"#)
        XCTAssertEqual(template.stdout, "app-microservice3 app-microservice2 app-microservice1 ")
        let strict = h.run("get", provider, "-o", "go-template={{.nope}}", "--allow-missing-template-keys=false")
        XCTAssertEqual(strict.status, 1)
        XCTAssertTrue(strict.stdout.hasPrefix("Error executing template: template: output:1:2: executing \"output\" at <.nope>: map has no entry for key \"nope\"."), strict.stdout)
        XCTAssertEqual(strict.stderr, "error: error executing template \"{{.nope}}\": template: output:1:2: executing \"output\" at <.nope>: map has no entry for key \"nope\"\n")
        let unknown = h.run("get", "-o", "xml")
        XCTAssertEqual(unknown.stderr, "error: unable to match a printer suitable for the output format \"xml\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n")
        XCTAssertEqual(h.run("get", "-o", "JSON").status, 0, "json and yaml in any case, as kubectl")
        let inputs = h.run("get", provider, "--inputs", "-o", "jsonpath={.x}")
        XCTAssertEqual(inputs.status, 1)
        XCTAssertTrue(inputs.stderr.hasPrefix("error: --inputs prints a table, -o json or -o yaml\n"), inputs.stderr)
    }

    /// kubectl's table sort fails quietly (nothing, then its empty-result line, exit 0); values
    /// it cannot order end it through klog; the generic sort says why.
    func testSortByForTheTableAndName() throws {
        let h = try Harness.seed()
        let sorted = h.run("get", "-A", "--no-headers", "--sort-by=.metadata.name")
        XCTAssertEqual(sorted.stdout.split(separator: "\n").map { String($0.split(separator: " ")[1]) },
                       ["app-frontend-tags", "app-microservices-tags", "podinfo-tags"])
        let quiet = h.run("get", "-A", "--sort-by={.x")
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.stderr, "No resources found\n")
        let klog = h.run("get", "-A", "--sort-by=.spec")
        XCTAssertEqual(klog.status, 1)
        XCTAssertNotNil(klog.stderr.range(of: #"^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ sorter.go:375\] Field \{\.spec\} in \[\]\[\]\[\]reflect.Value is an unsortable type: interface, err: unsortable type: map\[string\]interface \{\}\n$"#,
                                          options: .regularExpression), klog.stderr)
        let name = h.run("get", "-A", "-o", "name", "--sort-by=.nope")
        XCTAssertEqual(name.status, 1)
        XCTAssertEqual(name.stderr, "error: couldn't find any field with path \"{.nope}\" in the list of objects\n")
        XCTAssertEqual(h.run("get", "-n", "nothing-here", "-o", "name").stderr, "", "kubectl says nothing for an empty -o name")
    }

    /// -w with a template: each object alone through one printer; a failing first print is
    /// kubectl's "unable to output the provided object"; --sort-by is ignored with a warning.
    func testWatchWithKubectlPrinters() throws {
        let h = try Harness.seed()
        var changed = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-frontend-tags"))
        changed["metadata"]?["generation"] = 2
        h.api.watchScript = [.event("MODIFIED", changed), .interrupt]
        let r = h.run("get", "-w", "-o", #"jsonpath={.metadata.name} {.metadata.generation}{"\n"}"#, "--sort-by=.metadata.name")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "app-microservices-tags 1\napp-frontend-tags 1\napp-frontend-tags 2\n")
        XCTAssertEqual(r.stderr, "warning: --watch requested, --sort-by will be ignored for watch events received\n")

        h.api.watchScript = [.event("MODIFIED", changed), .interrupt]
        let columns = h.run("get", "-w", "--output-watch-events", "-o", "custom-columns=EVENT:.type,NAME:.object.metadata.name")
        XCTAssertEqual(columns.stdout, "EVENT   NAME\nADDED   app-microservices-tags\nADDED   app-frontend-tags\nMODIFIED   app-frontend-tags\n")

        h.api.watchScript = [.interrupt]
        let range = h.run("get", "-w", "-o", "jsonpath={range .items[*]}{.metadata.name}{end}")
        XCTAssertEqual(range.status, 1)
        XCTAssertTrue(range.stderr.hasPrefix(#"error: unable to output the provided object: error executing jsonpath "{range .items[*]}{.metadata.name}{end}": Error executing template: not in range, nothing to end."#),
                      range.stderr)
    }

    private func json(_ h: Harness, _ args: String...) -> Value {
        (try? JSON.parse(h.run(args + ["-o", "json"]).stdout)) ?? .null
    }
}

/// How a JSONPath template prints a scalar (strings bare, the rest as Go prints them).
private enum GoValue {
    static func text(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return JSON.encodeCompact(v)
        }
    }
}
