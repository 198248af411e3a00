import Foundation
import TestSupport
import XCTest

/// `kubectl rsip get ARGS` against `kubectl get resourcesetinputproviders ARGS`, both through the
/// real kubectl v1.32 against the same API emulator: the seed scenario plus generated providers
/// that lack fields (no status, an empty one, no inputs), have dotted label keys, quantities as
/// labels, escapes and `<>&` in messages, floats and a number past int64. Every case compares
/// stdout, stderr (klog's clock and pid masked) and the exit status: `-o jsonpath=`,
/// `jsonpath-as-json=`, `jsonpath-file=`, `custom-columns=`, `custom-columns-file=`,
/// `go-template=`, `go-template-file=`, `template=`, `--template`, `--sort-by` (generic printers,
/// `-o name`, and the table's row order), `--allow-missing-template-keys`, bad templates and
/// unknown formats. The generated cases come from a printed seed (RSIP_TEST_SEED replays one).
final class GetFormatsDifferentialTests: PluginTestCase {
    /// What a command printed and how it ended.
    struct Outcome: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
        init(_ r: CommandResult) {
            status = r.status
            stdout = r.stdout
            stderr = r.stderr
        }
    }

    func testOutputFormatsMatchKubectl() throws {
        var random = SeededRandom.forTest("GetFormatsDifferentialTests")
        let generated = Providers.generate(&random)
        for object in generated.objects { _ = try emulator.apply(json: object) }

        let files = try TemplateFiles()
        let cases = Cases.handWritten(files: files, teamB: generated.teamB)
            + Cases.generated(&random, count: 260, teamB: generated.teamB)

        let verbose = ProcessInfo.processInfo.environment["RSIP_DIFF_VERBOSE"] != nil
        var mismatches: [String] = []
        var failing = 0, klog = 0, empty = 0
        var kinds: [String: Int] = [:]
        // Two cases at a time: each side is a process start and one request, the machine has two cores.
        let results = try Self.runBoth(cases, runner: runner)
        for (c, (expected, actual)) in zip(cases, results) {
            kinds[c.kind, default: 0] += 1
            if expected.status != 0 { failing += 1 }
            if expected.stderr.hasPrefix("F") { klog += 1 }
            if expected.stdout.isEmpty { empty += 1 }
            if verbose {
                print("[\(expected.status)] \(c.shellArgs) -> \(String(reflecting: String(expected.stdout.prefix(80)))) "
                      + String(reflecting: String(expected.stderr.prefix(100))))
            }
            if let difference = Compare.difference(expected, actual, mode: c.compare) {
                mismatches.append("kubectl rsip get \(c.shellArgs)\n\(difference)")
            }
        }
        let byKind = kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("GetFormatsDifferentialTests: \(cases.count) cases (\(byKind); \(failing) failing in kubectl, \(klog) of them "
              + "through klog, \(empty) with empty stdout), \(cases.count - mismatches.count) identical")
        XCTAssertGreaterThanOrEqual(cases.count, 150)
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) cases differ:\n\n"
                      + mismatches.prefix(15).joined(separator: "\n\n"))
    }

    /// kubectl's and the plugin's outcome of every case, in the cases' order.
    static func runBoth(_ cases: [DifferentialCase], runner: PluginRunner) throws -> [(Outcome, Outcome)] {
        let lock = NSLock()
        nonisolated(unsafe) var results = [(Outcome, Outcome)?](repeating: nil, count: cases.count)
        nonisolated(unsafe) var failure: (any Error)?
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in stride(from: worker, to: cases.count, by: 2) {
                do {
                    let expected = Outcome(try runner.kubectl(["get", "resourcesetinputproviders"] + cases[i].args))
                    let actual = Outcome(try runner.rsipBinary(["get"] + cases[i].args))
                    lock.withLock { results[i] = (expected, actual) }
                } catch {
                    lock.withLock { failure = failure ?? error }
                }
            }
        }
        if let failure { throw failure }
        return results.compactMap { $0 }
    }

    /// `-w` with kubectl's printers: both watches print the list, then the same change, the same.
    func testWatchPrintsWhatKubectlPrints() throws {
        _ = try emulator.apply(json: #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"watched"}}"#)
        for name in ["watched-a", "watched-b-with-a-longer-name"] {
            _ = try emulator.apply(object: [
                "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                "metadata": ["name": name, "namespace": "watched", "creationTimestamp": "2026-11-25T10:00:00Z"],
                "spec": ["type": "OCIArtifactTag", "url": "oci://registry.example:5000/apps/\(name)"],
            ])
        }
        let formats: [[String]] = [
            ["-o", #"jsonpath={.metadata.name} {.metadata.annotations.round}{"\n"}"#],
            ["--output-watch-events", "-o", "custom-columns=EVENT:.type,NAME:.object.metadata.name,ROUND:.object.metadata.annotations.round"],
            ["-o", #"go-template={{.metadata.name}}{{with .metadata.annotations}} {{.round}}{{end}}{{"\n"}}"#],
            ["-o", "name"],
        ]
        for (round, format) in formats.enumerated() {
            let args = ["-n", "watched", "-w"] + format
            let theirs = try StreamingProcess("kubectl", ["get", "resourcesetinputproviders"] + args, environment: runner.environment)
            defer { theirs.stop() }
            let ours = try StreamingProcess("kubectl", ["rsip", "get"] + args, environment: runner.environment)
            defer { ours.stop() }
            for watch in [theirs, ours] {
                XCTAssertTrue(watch.waitForOutput(containing: "watched-b-with-a-longer-name", within: 20), "\(args): \(watch.output)")
            }
            let marker = "round-\(round)"
            let annotate = try runner.kubectl(["annotate", "resourcesetinputproviders", "watched-a", "-n", "watched",
                                               "--overwrite", "round=" + marker])
            XCTAssertEqual(annotate.status, 0, annotate.stderr)
            // `-o name` prints the name again, without the marker: wait for that line after the list.
            let expected = format.last == "name" ? "watched-b-with-a-longer-name\nresourcesetinputprovider.fluxcd.controlplane.io/watched-a\n"
                : marker
            for watch in [theirs, ours] {
                XCTAssertTrue(watch.waitForOutput(containing: expected, within: 20), "\(args): \(watch.output)")
                watch.interrupt()
                XCTAssertNotNil(watch.waitForExit(within: 10), "\(args): Ctrl-C ends the watch")
            }
            XCTAssertEqual(ours.output, theirs.output, "kubectl rsip get \(args)")
        }
    }
}

// MARK: - Comparison

enum Compare {
    enum Mode {
        /// Byte for byte.
        case exact
        /// Go visits map entries in random order: the same words, in any order.
        case unordered
        /// The plugin's table has its own columns: the same rows in the same order (the first
        /// `columns` fields of each line: NAMESPACE and NAME, or NAME).
        case rowOrder(columns: Int)
    }

    /// nil when both sides printed the same (klog headers carry a clock and a pid: masked).
    static func difference(_ expected: GetFormatsDifferentialTests.Outcome, _ actual: GetFormatsDifferentialTests.Outcome,
                           mode: Mode) -> String? {
        let e = (expected.status, expected.stdout, maskKlog(expected.stderr))
        let a = (actual.status, actual.stdout, maskKlog(actual.stderr))
        var same = e.0 == a.0 && e.2 == a.2
        switch mode {
        case .exact: same = same && e.1 == a.1
        case .unordered: same = same && words(e.1) == words(a.1)
        case .rowOrder(let columns): same = same && rows(e.1, columns) == rows(a.1, columns)
        }
        if same { return nil }
        return "  kubectl: status \(e.0), stdout \(quoted(e.1)), stderr \(quoted(e.2))\n"
            + "  ours:    status \(a.0), stdout \(quoted(a.1)), stderr \(quoted(a.2))"
    }

    private static func words(_ s: String) -> [Substring] { s.split(separator: " ").sorted() }

    private static func rows(_ s: String, _ columns: Int) -> [[Substring]] {
        s.split(separator: "\n").map { Array($0.split(separator: " ").prefix(columns)) }
    }

    static func maskKlog(_ s: String) -> String {
        s.replacingOccurrences(of: #"(?m)^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ "#, with: "F<klog> ", options: .regularExpression)
    }

    private static func quoted(_ s: String) -> String {
        let cut = s.count > 600 ? String(s.prefix(600)) + "…" : s
        return String(reflecting: cut)
    }
}

// MARK: - Cases

struct DifferentialCase {
    var args: [String]
    var compare = Compare.Mode.exact

    /// jsonpath, custom-columns, go-template, name, table or format, for the counts.
    var kind: String {
        if let o = args.firstIndex(of: "-o"), o + 1 < args.count {
            let format = args[o + 1]
            for k in ["jsonpath", "custom-columns", "go-template", "template", "name", "wide"] where format.hasPrefix(k) {
                return k == "template" ? "go-template" : k
            }
            return "format"
        }
        return args.contains("--template") ? "go-template" : "table"
    }

    var shellArgs: String {
        args.map { arg in arg.contains(where: { c in " '\"{}[]()*?$\\\t\n|<>&".contains(c) }) ? "'\(arg)'" : arg }
            .joined(separator: " ")
    }
}

/// Template files for -o jsonpath-file= and custom-columns-file=, removed with the temp dir.
final class TemplateFiles {
    let directory: String
    let jsonpath: String
    let columns: String
    let badColumns: String
    let goTemplate: String
    let missing: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("get-formats-diff-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        jsonpath = directory + "/names.jsonpath"
        columns = directory + "/columns.txt"
        badColumns = directory + "/bad-columns.txt"
        goTemplate = directory + "/names.tmpl"
        missing = directory + "/does-not-exist"
        try "{range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}\n".write(toFile: jsonpath, atomically: true, encoding: .utf8)
        try "NAME  NAMESPACE   TAGS\n.metadata.name {.metadata.namespace}  .status.exportedInputs[*].tag\n"
            .write(toFile: columns, atomically: true, encoding: .utf8)
        try "NAME TAGS\n.metadata.name\n".write(toFile: badColumns, atomically: true, encoding: .utf8)
        try "{{range .items}}{{.metadata.namespace}}/{{.metadata.name}} {{len .spec}}\n{{end}}"
            .write(toFile: goTemplate, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

enum Cases {
    static let all = ["-A"]

    static func handWritten(files: TemplateFiles, teamB: [String]) -> [DifferentialCase] {
        let first = teamB.first ?? "gen-01"
        var cases: [DifferentialCase] = []
        func jp(_ template: String, _ selection: [String] = all, _ extra: [String] = []) {
            cases.append(DifferentialCase(args: selection + ["-o", "jsonpath=" + template] + extra))
        }
        // The issue's one-liners and the basics.
        jp(#"{range .items[*]}{.metadata.name}{"\t"}{.status.exportedInputs[*].tag}{"\n"}{end}"#)
        jp(#"{range .items[*]}{.metadata.name}{"\t"}{.status.exportedInputs[0].tag}{"\n"}{end}"#)
        jp("{.items[*].metadata.name}")
        jp("{.kind} {.apiVersion} {.metadata}")
        jp("{.metadata.name}", ["-n", "apps", "podinfo-tags"])
        jp("{.status.exportedInputs[0].tag}", ["-n", "flux-system", "app-microservices-tags"])
        jp("{.items[0].metadata.name}", ["-n", "apps", "podinfo-tags"])
        jp("{.items}", ["-n", "team-a", "-l", "nothing=here"])
        jp("{.items[*].metadata.name}", ["-A", "-l", "app.kubernetes.io/name"])
        jp(#"{.items[*].metadata.labels.app\.kubernetes\.io/name}"#)
        jp(#"{.items[*].metadata.labels['app\.kubernetes\.io/name']}"#)
        jp("{.items[*].metadata.labels['app.kubernetes.io/name']}")
        jp("{..tag}")
        jp("{.items[*].status.stats}")
        jp("{.items[*].status.stats.million} {.items[*].status.stats.big} {.items[*].status.stats.huge}")
        jp("{.status.stats.million} {.status.stats.ratio} {.status.stats.huge}", ["-n", "team-a", "stats-provider"])
        jp("{.status.stats}", ["-n", "team-a", "stats-provider"])
        jp("{.items[*].status.conditions[*].message}")
        jp(#"{.items[?(@.status.conditions[0].status=="False")].metadata.name}"#)
        jp("{.items[?(@.status.exportedInputs)].metadata.name}")
        jp("{.items[?(@.status.exportedInputs[0])].metadata.name}")
        jp("{.items[?(@.metadata.generation > 1.5)].metadata.name}")
        jp("{range .items[*]}{.metadata.name}{end}{end}")
        jp("{.items[0].metadata.name}{nope}")
        jp("{range .items[*]}{bad identifier}{end}")
        jp("{range .items[*]}{.metadata.name}")
        jp("{range .items[*].status.exportedInputs[*]}{.tag}={.id}{\"\\n\"}{end}")
        jp("{.x", all)
        jp("{.items[5]}", ["-n", "apps"])
        jp("{.nope}", ["-n", "apps"], ["--allow-missing-template-keys=false"])
        jp("{.items[*].status.phase}", ["-n", "flux-system"], ["--allow-missing-template-keys=false"])
        jp("{.metadata.name}", ["-n", "team-b", first], ["--allow-missing-template-keys=false"])
        jp("{.items[*].metadata.name}", all, ["--sort-by=.metadata.name"])
        jp("{.items[*].metadata.name}", ["-n", "apps"], ["--sort-by=.nope"])
        jp("{.metadata.name}", ["-n", "apps", "podinfo-tags"], ["--sort-by=.nope"])
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath-as-json={.items[*].metadata.name}"]))
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath-as-json={range .items[0:3]}{.metadata}{end}"]))
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath-file=" + files.jsonpath]))
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath-file=" + files.missing]))
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath"]))
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath="]))
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath={.items[0].metadata.labels.*}"], compare: .unordered))

        // Custom columns.
        func cc(_ spec: String, _ selection: [String] = all, _ extra: [String] = []) {
            cases.append(DifferentialCase(args: selection + ["-o", "custom-columns=" + spec] + extra))
        }
        cc("NAME:.metadata.name,TAGS:.status.exportedInputs[*].tag")
        cc("NAMESPACE:metadata.namespace,NAME:{.metadata.name},READY:{.status.conditions[?(@.type==\"Ready\")].status},LABELS:.metadata.labels")
        cc("NAME:.metadata.name,MESSAGE:.status.conditions[0].message,STATS:.status.stats")
        cc("N:.metadata.name", all, ["--no-headers"])
        cc("N:.metadata.name,G:.metadata.generation", ["-n", "team-a"], ["--sort-by=.metadata.generation"])
        cc("N:.metadata.name", ["-n", "apps", "podinfo-tags"])
        cc("N:.metadata.name", ["-n", "team-a", "-l", "nothing=here"])
        cc("A:.x[")
        cc("A")
        cc("A:{.a}{.b}")
        cc("A:.items[0,1]")
        cc("A:,B:.metadata.name")
        cc("N:.metadata.name,T:.status.exportedInputs[1].tag")
        cases.append(DifferentialCase(args: ["-A", "-o", "custom-columns="]))
        cases.append(DifferentialCase(args: ["-A", "-o", "custom-columns-file=" + files.columns]))
        cases.append(DifferentialCase(args: ["-A", "-o", "custom-columns-file=" + files.columns, "--no-headers"]))
        cases.append(DifferentialCase(args: ["-A", "-o", "custom-columns-file=" + files.badColumns]))
        cases.append(DifferentialCase(args: ["-A", "-o", "custom-columns-file=" + files.missing]))

        // Sorting.
        let names = #"{range .items[*]}{.metadata.name}{" "}{end}"#
        for field in [".metadata.name", ".metadata.generation", ".metadata.creationTimestamp", ".metadata.labels.tier",
                      ".status.exportedInputs[*].id", ".status.exportedInputs[*].tag", "{.spec.url}", "metadata.namespace",
                      ".spec", ".status.conditions", ".status.stats.ratio", ".nope", "{.x", "{.a}{.b}",
                      ".status.exportedInputs[5].tag"] {
            jp(names, all, ["--sort-by=" + field])
        }

        // Go templates: kubectl's functions, its data (int64 integers, float64 floats, lists
        // grown by append), missing keys, the error report on stdout.
        func gt(_ template: String, _ selection: [String] = all, _ extra: [String] = [], format: String = "go-template=") {
            cases.append(DifferentialCase(args: selection + ["-o", format + template] + extra))
        }
        gt(#"{{range .items}}{{.metadata.name}} {{.metadata.generation}}{{"\n"}}{{end}}"#)
        gt(#"{{range .items}}{{.metadata.namespace}}/{{.metadata.name}}{{"\t"}}{{range .status.exportedInputs}}{{.tag}} {{end}}{{"\n"}}{{end}}"#)
        gt(#"{{.status.stats}} {{printf "%T %T %T" .status.stats.million .status.stats.ratio .status.stats.huge}} {{.status.stats.whole}}"#,
           ["-n", "team-a", "stats-provider"])
        gt(#"{{range .items}}{{.status.stats}}{{end}}"#, ["-n", "team-a"])
        gt(#"{{range .items}}{{if exists . "status" "exportedInputs" 0}}{{.metadata.name}} {{end}}{{end}}"#)
        gt(#"{{range .items}}{{exists .metadata "labels" "tier"}}{{exists . "spec" "filter" "limit"}} {{end}}"#)
        gt(#"{{base64decode "aGVsbG8="}} {{base64decode "aGVsbG8"}}"#, ["-n", "flux-system"])
        gt(#"{{slice .items 0 1}}|{{len (slice .items 1)}}|{{slice "abcdef" 1 3}}"#, ["-n", "flux-system"])
        gt(#"{{slice .items 0 4}}"#, ["-n", "flux-system"])
        gt(#"{{slice .items 0 9}}"#, ["-n", "flux-system"])
        gt(#"{{.nope}} {{.metadata.nope.deeper}}"#, ["-n", "apps", "podinfo-tags"])
        gt(#"{{.nope}}"#, ["-n", "apps", "podinfo-tags"], ["--allow-missing-template-keys=false"])
        gt(#"x{{.kind.x.y}}y"#, ["-n", "team-a"])
        gt(#"{{range .items}}{{index .metadata.labels "app.kubernetes.io/name"}},{{end}}"#)
        gt(#"{{index .items 50}}"#, ["-n", "apps"])
        gt(#"{{.x"#)
        gt(#"{{nofunc .x}}"#)
        gt(#"{{upper "sprig is not there"}}"#)
        gt(#"{{range .items}}{{printf "%-25s %5d %v" .metadata.name .metadata.generation .spec.filter}}{{"\n"}}{{end}}"#, all,
           ["--sort-by=.metadata.generation"])
        gt(#"{{.kind}}"#, all, [], format: "template=")
        cases.append(DifferentialCase(args: ["-A", "--template", #"{{range .items}}{{.metadata.name}} {{end}}"#]))
        cases.append(DifferentialCase(args: ["-A", "-o", "go-template", "--template", #"{{len .items}}"#]))
        cases.append(DifferentialCase(args: ["-A", "-o", "go-template-file=" + files.goTemplate]))
        cases.append(DifferentialCase(args: ["-A", "-o", "templatefile=" + files.goTemplate]))
        cases.append(DifferentialCase(args: ["-A", "-o", "go-template-file=" + files.missing]))
        cases.append(DifferentialCase(args: ["-A", "-o", "go-template-file=" + files.directory]))
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath-file=" + files.directory]))

        // Formats kubectl takes or refuses, and how it says so.
        for output in ["foo", "table", "Wide", "JSONPATH={.kind}", "jsonpath", "go-template", "template", "templatefile",
                       "custom-columns-file", "go-template=", "jsonpath-as-json", "NAME", "Name"] {
            cases.append(DifferentialCase(args: ["-n", "flux-system", "-o", output]))
        }
        cases.append(DifferentialCase(args: ["-n", "flux-system", "-o", "JSON"]))
        cases.append(DifferentialCase(args: ["-n", "flux-system", "-o", "yaml", "--sort-by=.metadata.uid"]))
        cases.append(DifferentialCase(args: ["-n", "flux-system", "-o", "go-template={{.kind}}", "--template", "{{.apiVersion}}"]))
        cases.append(DifferentialCase(args: ["-n", "flux-system", "-o", "jsonpath", "--template", "{.kind}"]))
        cases.append(DifferentialCase(args: ["-n", "flux-system", "-o", "custom-columns", "--template", "A:.kind"]))
        cases.append(DifferentialCase(args: ["-n", "flux-system", "-o", "jsonpath-as-json", "--template", "{.items[*].kind}"]))

        // --sort-by for -o name and the table (whose columns are the plugin's: rows compared).
        for field in [".metadata.name", ".metadata.generation", ".metadata.labels.tier", ".status.exportedInputs[*].tag",
                      ".metadata.resourceVersion", ".spec", ".nope", "{.x", ".status.stats.ratio"] {
            cases.append(DifferentialCase(args: ["-A", "-o", "name", "--sort-by=" + field]))
            cases.append(DifferentialCase(args: ["-A", "--sort-by=" + field], compare: .rowOrder(columns: 2)))
        }
        cases.append(DifferentialCase(args: ["-n", "team-a", "-o", "wide", "--sort-by=.metadata.creationTimestamp"],
                                      compare: .rowOrder(columns: 1)))
        cases.append(DifferentialCase(args: ["-n", "team-b", "--no-headers", "--sort-by=.metadata.labels.tier"],
                                      compare: .rowOrder(columns: 1)))
        cases.append(DifferentialCase(args: ["-n", "nothing-here", "--sort-by=.metadata.name"], compare: .rowOrder(columns: 1)))
        cases.append(DifferentialCase(args: ["-n", "nothing-here", "-o", "name", "--sort-by=.metadata.name"]))
        cases.append(DifferentialCase(args: ["-n", "nothing-here", "-o", "jsonpath={.items}"]))
        return cases
    }

    // MARK: Generated

    static let scalars = [
        ".metadata.name", ".metadata.namespace", ".metadata.generation", ".metadata.creationTimestamp",
        ".spec.type", ".spec.url", ".spec.filter.limit", ".status.lastExportedRevision",
        ".status.exportedInputs[0].tag", ".status.exportedInputs[-1].id", ".status.exportedInputs[*].tag",
        ".status.exportedInputs[*].digest", ".status.exportedInputs[0:2].id", ".status.exportedInputs[::2].tag",
        ".status.exportedInputs[1:].tag", ".status.conditions[0].reason", ".status.conditions[*].status",
        #".status.conditions[?(@.type=="Ready")].message"#, ".metadata.labels.tier",
        #".metadata.labels.app\.kubernetes\.io/name"#, #".metadata.labels['app\.kubernetes\.io/name']"#,
        ".status.stats.ratio", ".status.stats.million", ".status.stats.neg", ".nope", ".status.nope",
        ".status.exportedInputs[3].tag",
    ]
    static let structured = [".metadata.labels", ".metadata.annotations", ".spec.filter", ".status.exportedInputs",
                             ".status.conditions", ".status.stats", ".spec"]
    static let filters = [
        (".metadata.generation", ["1", "2", "1.5", #""1""#]),
        (".metadata.namespace", [#""team-a""#, "'flux-system'", "1"]),
        (".status.conditions[0].status", [#""True""#, "'False'", "true"]),
        (".metadata.labels.tier", [#""10""#, #""9""#, "10"]),
        (".status.exportedInputs[0].tag", [#""1.2.0""#, #""latest""#]),
        (".status.stats.ratio", ["0.25", "1"]),
        (".spec.filter", [#""x""#]),
    ]
    static let operators = ["==", "!=", "<", ">", "<=", ">=", "="]
    static let separators = [#"{"\t"}"#, #"{"\n"}"#, ",", " ", #"{", "}"#]
    static let sortable = [".metadata.name", ".metadata.generation", ".metadata.creationTimestamp", ".metadata.labels.tier",
                           ".status.exportedInputs[*].id", ".status.exportedInputs[*].tag", ".status.conditions[*].status",
                           ".metadata.uid", ".spec.url", ".status.stats.ratio", ".metadata.labels"]

    static func generated(_ r: inout SeededRandom, count: Int, teamB: [String]) -> [DifferentialCase] {
        var cases: [DifferentialCase] = []
        let selections: [[String]] = [["-A"], ["-A"], ["-A"], ["-n", "team-a"], ["-n", "team-b"], ["-n", "flux-system"],
                                      ["-A", "-l", "tier"], ["-n", "team-b"]]
        while cases.count < count {
            var selection = r.pick(selections)
            // Now and then one named provider: kubectl prints it, not a List.
            if selection == ["-n", "team-b"], r.below(2) == 0 { selection.append(r.pick(teamB)) }
            let single = selection.count == 3 && selection[0] == "-n"
            let prefix = single ? "" : ".items[*]"
            let kind = r.below(16)
            if kind >= 10 {
                cases.append(kind < 14 ? goTemplateCase(&r, selection: selection, single: single)
                                       : sortCase(&r, selection: selection, single: single))
                continue
            }
            if kind < 6 {
                var template: String
                var unordered = false
                switch r.below(8) {
                case 0: template = "{\(prefix)\(r.pick(scalars))}"
                case 1: template = "{\(prefix)\(r.pick(structured))}"
                case 2:
                    let body = "{\(r.pick(scalars))}\(r.pick(separators)){\(r.pick(scalars))}{\"\\n\"}"
                    template = single ? body : "{range .items[*]}\(body){end}"
                case 3:
                    let index = r.pick(["0", "-1", "1:3", "::2", "0,2", "7", "-9", "2:1", "::0", "1:"])
                    template = single ? "{.status.exportedInputs[\(index)].tag}" : "{.items[\(index)]\(r.pick(scalars))}"
                case 4:
                    let (path, literals) = r.pick(filters)
                    let filter = "[?(@\(path) \(r.pick(operators)) \(r.pick(literals)))]"
                    template = single ? "{.status.conditions\(filter).reason}" : "{.items\(filter).metadata.name}"
                case 5:
                    template = single ? "{.status.exportedInputs[?(@.tag)].id}" : "{.items[?(@\(r.pick(scalars)))].metadata.name}"
                case 6:
                    template = r.pick(["{..tag}", "{..name}", "{..reason}", "{\(prefix).metadata.labels.*}",
                                       "{\(prefix).status.exportedInputs[*].*}"])
                    unordered = template.hasSuffix(".*}")
                default:
                    template = "name=\(r.pick(["{.metadata.name}", "{.items[0].metadata.name}"])) \(r.pick(["{1.5}", "{-2}", "{true}", #"{"\u00e9\x41"}"#, "{'a\\'b'}"]))"
                }
                template = mutate(template, &r)
                var args = selection + ["-o", (r.below(6) == 0 ? "jsonpath-as-json=" : "jsonpath=") + template]
                if r.below(6) == 0 { args.append("--allow-missing-template-keys=false") }
                if !single && r.below(5) == 0 { args.append("--sort-by=" + r.pick(sortable)) }
                cases.append(DifferentialCase(args: args, compare: unordered ? .unordered : .exact))
            } else if kind < 9 {
                var columns: [String] = []
                for _ in 0..<(1 + r.below(4)) {
                    let header = r.pick(["NAME", "NAMESPACE", "TAGS", "READY", "GEN", "LABELS", "X"])
                    var path = r.below(4) == 0 ? r.pick(structured) : r.pick(scalars)
                    if r.below(3) == 0 { path = "{\(path)}" } else if r.below(4) == 0 { path = String(path.dropFirst()) }
                    columns.append(header + ":" + path)
                }
                var args = selection + ["-o", "custom-columns=" + columns.joined(separator: ",")]
                if r.below(4) == 0 { args.append("--no-headers") }
                if !single && r.below(3) == 0 { args.append("--sort-by=" + r.pick(sortable)) }
                cases.append(DifferentialCase(args: args))
            } else {
                let output = r.pick([#"jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {end}"#,
                                     "custom-columns=NAME:.metadata.name,KEY:" + r.pick(sortable)])
                cases.append(DifferentialCase(args: ["-A", "-o", output, "--sort-by=" + r.pick(sortable)]))
            }
        }
        return cases
    }

    static let goExpressions = [
        ".metadata.name", ".metadata.namespace", ".metadata.generation", ".metadata.creationTimestamp", ".spec.type",
        ".spec.url", ".spec.filter.limit", ".spec.filter", ".status.lastExportedRevision", ".status.exportedInputs",
        ".status.conditions", ".metadata.labels", ".metadata.labels.tier", ".status.stats", ".status.stats.ratio",
        ".status.stats.million", ".status.stats.huge", ".status.stats.big", ".status.stats.whole", ".nope",
        ".status.nope", ".metadata.annotations", "$.kind",
        #"index .metadata.labels "app.kubernetes.io/name""#, "index .status.exportedInputs 0",
        "(index .status.exportedInputs 0).tag", "len .status.exportedInputs", "len .metadata.name",
        #"exists . "status" "exportedInputs" 0"#, #"exists .status "conditions""#, #"exists .metadata.labels "tier""#,
        #"printf "%T" .metadata.generation"#, #"printf "%v|%q" .spec.type .metadata.name"#, #"printf "%d" .spec.filter.limit"#,
        #"printf "%.2f" .status.stats.ratio"#, #"eq .spec.type "OCIArtifactTag""#, "gt .metadata.generation 1",
        "slice .metadata.name 0 3", "slice .status.exportedInputs 1", "html .status.conditions", "js .metadata.name",
        "urlquery .spec.url", "not .status", "and .status .status.exportedInputs", "or .nope .metadata.name",
        ".metadata.name | len", "base64decode .metadata.name", "print .metadata.generation .spec.type",
        #"eq .metadata.labels.tier "10""#, "lt .metadata.generation 2",
    ]

    /// A Go template over the List (or the named provider), now and then broken or strict.
    static func goTemplateCase(_ r: inout SeededRandom, selection: [String], single: Bool) -> DifferentialCase {
        func expr(_ r: inout SeededRandom) -> String { r.pick(goExpressions) }
        var body: String
        switch r.below(5) {
        case 0: body = "{{\(expr(&r))}} {{\(expr(&r))}}{{\"\\n\"}}"
        case 1: body = "{{if \(expr(&r))}}yes{{else}}no{{end}} {{with \(expr(&r))}}{{.}}{{end}}{{\"\\n\"}}"
        case 2: body = "{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}{{\"\\n\"}}"
        case 3: body = "{{\(expr(&r))}}\t{{range .status.exportedInputs}}{{.tag}}@{{.id}} {{end}}{{\"\\n\"}}"
        default: body = "{{.metadata.name}}: {{\(expr(&r))}}{{\"\\n\"}}"
        }
        var template: String
        if single {
            template = body
        } else {
            switch r.below(4) {
            case 0: template = "{{range $i, $p := .items}}{{$i}} {{with $p}}\(body){{end}}{{end}}"
            case 1: template = "{{len .items}} {{.kind}} {{.metadata}}{{\"\\n\"}}{{range .items}}\(body){{end}}"
            default: template = "{{range .items}}\(body){{end}}"
            }
        }
        if r.below(8) == 0 {
            switch r.below(4) {
            case 0: if let i = template.range(of: "}}", options: .backwards) { template.removeSubrange(i) }
            case 1: template = template.replacingOccurrences(of: "{{.metadata.name}}", with: "{{nofunc .metadata.name}}")
            case 2: template += "{{end}}"
            default: template = template.replacingOccurrences(of: "(index", with: "((index")
            }
        }
        var args = selection
        switch r.below(8) {
        case 0: args += ["-o", "template=" + template]
        case 1: args += ["--template", template]
        default: args += ["-o", "go-template=" + template]
        }
        if r.below(5) == 0 { args.append("--allow-missing-template-keys=false") }
        if !single, r.below(5) == 0 { args.append("--sort-by=" + r.pick(sortable)) }
        return DifferentialCase(args: args)
    }

    /// `--sort-by` through `-o name` (kubectl's generic sort) or the table (its table sort; the
    /// plugin's columns differ, so the rows' order is compared).
    static func sortCase(_ r: inout SeededRandom, selection: [String], single: Bool) -> DifferentialCase {
        let field = r.pick(sortable + [".spec", ".nope", "{.x", ".status.exportedInputs[0].tag", "{.metadata.namespace}"])
        let listed = single ? Array(selection.prefix(2)) : selection
        let columns = listed.contains("-A") ? 2 : 1
        switch r.below(4) {
        case 0: return DifferentialCase(args: listed + ["-o", "name", "--sort-by=" + field])
        case 1: return DifferentialCase(args: listed + ["-o", "wide", "--sort-by=" + field], compare: .rowOrder(columns: columns))
        case 2: return DifferentialCase(args: listed + ["--no-headers", "--sort-by=" + field], compare: .rowOrder(columns: columns))
        default: return DifferentialCase(args: listed + ["--sort-by=" + field], compare: .rowOrder(columns: columns))
        }
    }

    /// Now and then a syntax error: a brace dropped, a stray character, an open quote.
    private static func mutate(_ template: String, _ r: inout SeededRandom) -> String {
        guard r.below(8) == 0 else { return template }
        var t = template
        switch r.below(5) {
        case 0: if let i = t.lastIndex(of: "}") { t.remove(at: i) }
        case 1: if let i = t.firstIndex(of: ".") { t.insert("(", at: i) }
        case 2: if let i = t.firstIndex(of: "{") { t.insert(contentsOf: "\"x", at: t.index(after: i)) }
        case 3: t = t.replacingOccurrences(of: "]", with: "")
        default: if let i = t.firstIndex(of: "{") { t.insert("\t", at: t.index(after: i)) }
        }
        return t
    }
}

// MARK: - Providers the test adds to the seed scenario

enum Providers {
    /// Namespaces team-a and team-b with providers that exercise the printers: no status,
    /// empty status, no inputs, one to three inputs, dotted label keys, quantities as labels,
    /// messages with <>&, quotes, é and an escape character, and one with floats.
    static func generate(_ r: inout SeededRandom) -> (objects: [String], teamB: [String]) {
        var objects = [#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}"#,
                       #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-b"}}"#]
        var teamB: [String] = []
        let tags = ["1.0.0", "1.2.0", "v2", "latest", "10", "9", "2026.1"]
        let tiers = ["1", "9", "10", "2Gi", "500Mi", "1k", "abc", "0.5"]
        let messages = ["ready", "failed: a <b> & \\\"c\\\"", "déjà vu", "escape \\u001b[31mred", "tab\\there"]
        for i in 0..<24 {
            let name = String(format: "gen-%02d", i)
            let namespace = i % 2 == 0 ? "team-a" : "team-b"
            if namespace == "team-b" { teamB.append(name) }
            var metadata = #""name":"\#(name)","namespace":"\#(namespace)","creationTimestamp":"2026-11-\#(String(format: "%02d", 1 + r.below(28)))T10:00:00Z""#
            if r.below(3) > 0 {
                var labels = [#""tier":"\#(r.pick(tiers))""#]
                if r.below(2) == 0 { labels.append(#""app.kubernetes.io/name":"\#(r.pick(["x", "y", "z"]))""#) }
                metadata += #","labels":{\#(labels.joined(separator: ","))}"#
            }
            if r.below(4) == 0 { metadata += #","annotations":{"fluxcd.controlplane.io/reconcile":"disabled"}"# }
            var object = #"{"apiVersion":"fluxcd.controlplane.io/v1","kind":"ResourceSetInputProvider","metadata":{\#(metadata)},"#
            object += #""spec":{"type":"OCIArtifactTag","url":"oci://registry.example/app\#(i)","filter":{"limit":\#(1 + r.below(5))}}"#
            switch r.below(5) {
            case 0: break
            case 1: object += #","status":{}"#
            case 2: object += #","status":{"exportedInputs":[]}"#
            default:
                let inputs = (0..<(1 + r.below(3))).map { _ in
                    #"{"id":"\#(r.below(1_000_000_000))","tag":"\#(r.pick(tags))","digest":"sha256:\#(String(r.next(), radix: 16))"}"#
                }
                let ready = r.below(2) == 0 ? "True" : "False"
                object += #","status":{"exportedInputs":[\#(inputs.joined(separator: ","))],"#
                    + #""conditions":[{"type":"Ready","status":"\#(ready)","reason":"R\#(i % 3)","message":"\#(r.pick(messages))"}],"#
                    + #""lastExportedRevision":"sha256:\#(i)"}"#
            }
            objects.append(object + "}")
        }
        objects.append(#"""
        {"apiVersion":"fluxcd.controlplane.io/v1","kind":"ResourceSetInputProvider",
         "metadata":{"name":"stats-provider","namespace":"team-a","labels":{"tier":"2"}},
         "spec":{"type":"OCIArtifactTag","url":"oci://registry.example/stats"},
         "status":{"stats":{"ratio":0.25,"million":1000000.0,"big":1e21,"huge":12345678901234567890,"neg":-3,"whole":2.0}}}
        """#)
        return (objects, teamB)
    }
}

// MARK: - Picking from the seeded generator

extension SeededRandom {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
