import Foundation
import KubectlPrinters
import TestSupport
import XCTest
import YAML

/// The real kubectl v1.32 against this library, over the API emulator's providers (the seed
/// scenario plus generated ones that lack fields, have empty inputs, dotted label keys, floats):
/// `kubectl get resourcesetinputproviders ARGS` with `-o jsonpath=`, `-o jsonpath-as-json=`,
/// `-o custom-columns=`, their `-file` forms and `--sort-by`, comparing stdout, stderr and the
/// exit status of every case.
///
/// `ours` is a closure over the same arguments: today it fetches the objects from the emulator
/// itself and prints them with `KubectlGet.printGeneric`; the command layer can swap in
/// `kubectl rsip get ARGS`. The generator is seeded (JSONPATH_DIFF_SEED overrides the seed,
/// which the test prints).
final class KubectlDifferentialTests: EmulatorTestCase {
    /// What a command printed and how it ended.
    struct Outcome: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
        init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
        init(_ r: CommandResult) { self.init(status: r.status, stdout: r.stdout, stderr: r.stderr) }
    }
    typealias Side = ([String]) throws -> Outcome

    func testOutputFormatsMatchKubectl() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["JSONPATH_DIFF_SEED"] ?? "") ?? 20261207
        print("KubectlDifferentialTests seed: \(seed) (set JSONPATH_DIFF_SEED to replay another)")
        var random = SplitMix(seed: seed)

        let generated = Providers.generate(&random)
        for object in generated.objects { try emulator.apply(json: object) }

        let files = try TemplateFiles()
        let cases = Cases.handWritten(files: files, teamB: generated.teamB)
            + Cases.generated(&random, count: 200, teamB: generated.teamB)
        let reference: Side = { args in Outcome(try self.emulator.kubectl(["get", "resourcesetinputproviders"] + args)) }
        let ours: Side = { args in try self.library(args) }

        let verbose = ProcessInfo.processInfo.environment["JSONPATH_DIFF_VERBOSE"] != nil
        var mismatches: [String] = []
        var failing = 0, klog = 0, empty = 0
        for c in cases {
            let expected = try reference(c.args)
            let actual = try ours(c.args)
            if expected.status != 0 { failing += 1 }
            if expected.stderr.hasPrefix("F") { klog += 1 }
            if expected.stdout.isEmpty { empty += 1 }
            if verbose {
                print("[\(expected.status)] \(c.shellArgs) -> \(String(reflecting: String(expected.stdout.prefix(80)))) "
                      + String(reflecting: String(expected.stderr.prefix(100))))
            }
            if let difference = Compare.difference(expected, actual, unordered: c.unordered) {
                mismatches.append("kubectl get resourcesetinputproviders \(c.shellArgs)\n\(difference)")
            }
        }
        print("KubectlDifferentialTests: \(cases.count) cases (\(failing) failing in kubectl, \(klog) of them through klog, "
              + "\(empty) with empty stdout), \(cases.count - mismatches.count) identical, seed \(seed)")
        XCTAssertGreaterThanOrEqual(cases.count, 150)
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) cases differ (seed \(seed)):\n\n"
                      + mismatches.prefix(15).joined(separator: "\n\n"))
    }

    // MARK: - Our side: fetch as kubectl does, print with the library

    private func library(_ args: [String]) throws -> Outcome {
        var namespace: String?, all = false, selector: String?, names: [String] = []
        var output = "", sortBy = "", noHeaders = false, allowMissingKeys = true
        var i = 0
        while i < args.count {
            let a = args[i]
            switch a {
            case "-A": all = true
            case "-n": i += 1; namespace = args[i]
            case "-l": i += 1; selector = args[i]
            case "-o": i += 1; output = args[i]
            case "--no-headers": noHeaders = true
            default:
                if a.hasPrefix("--sort-by=") { sortBy = String(a.dropFirst("--sort-by=".count)) }
                else if a.hasPrefix("--allow-missing-template-keys=") { allowMissingKeys = a.hasSuffix("=true") }
                else { names.append(a) }
            }
            i += 1
        }
        let base = "/apis/fluxcd.controlplane.io/v1"
        let collection = all ? "\(base)/resourcesetinputproviders"
            : "\(base)/namespaces/\(namespace ?? "default")/resourcesetinputproviders"
        var items: [Value] = []
        if names.isEmpty {
            var path = collection
            if let selector {
                path += "?labelSelector=" + (selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector)
            }
            let response = try emulator.request("GET", path)
            items = try JSON.parse(response.body)["items"]?.array ?? []
        } else {
            for name in names { items.append(try JSON.parse(try emulator.request("GET", "\(collection)/\(name)").body)) }
        }

        let format: OutputFormat
        do {
            guard let f = try OutputFormat.parse(output) else { return Outcome(status: 99, stdout: "", stderr: "not ours: \(output)") }
            format = f
        } catch {
            return Outcome(status: error.exitCode, stdout: "", stderr: error.stderr)
        }
        let result = KubectlGet.printGeneric(items: items, singleItemImplied: names.count == 1, format: format,
                                             sortBy: sortBy, allowMissingKeys: allowMissingKeys, noHeaders: noHeaders) { path in
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return .success(text) }
            return .failure(FileReadFailure("open \(path): no such file or directory"))
        }
        guard let error = result.error else { return Outcome(status: 0, stdout: result.stdout, stderr: "") }
        let stderr: String
        if case .klog = error.kind {
            stderr = error.klogLine(prefix: PrinterError.klogPrefix(month: 1, day: 1, hour: 0, minute: 0, second: 0,
                                                                     microsecond: 0, pid: 1))
        } else {
            stderr = error.stderr
        }
        return Outcome(status: error.exitCode, stdout: result.stdout, stderr: stderr)
    }
}

// MARK: - Comparison

enum Compare {
    /// nil when both sides printed the same (klog headers carry a clock and a pid: masked).
    static func difference(_ expected: KubectlDifferentialTests.Outcome, _ actual: KubectlDifferentialTests.Outcome,
                           unordered: Bool) -> String? {
        let e = (expected.status, expected.stdout, maskKlog(expected.stderr))
        let a = (actual.status, actual.stdout, maskKlog(actual.stderr))
        var same = e.0 == a.0 && e.2 == a.2
        if unordered {
            same = same && words(e.1) == words(a.1)
        } else {
            same = same && e.1 == a.1
        }
        if same { return nil }
        return "  kubectl: status \(e.0), stdout \(quoted(e.1)), stderr \(quoted(e.2))\n"
            + "  ours:    status \(a.0), stdout \(quoted(a.1)), stderr \(quoted(a.2))"
    }

    private static func words(_ s: String) -> [Substring] { s.split(separator: " ").sorted() }

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
    /// Go visits map entries in random order: compare the words, not their order.
    var unordered = false
    var shellArgs: String {
        args.map { arg in arg.contains(where: { c in " '\"{}[]()*?$\\\t\n".contains(c) }) ? "'\(arg)'" : arg }
            .joined(separator: " ")
    }
}

/// Template files for -o jsonpath-file= and custom-columns-file=, removed with the temp dir.
final class TemplateFiles {
    let directory: String
    let jsonpath: String
    let columns: String
    let badColumns: String
    let missing: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jsonpath-diff-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        jsonpath = directory + "/names.jsonpath"
        columns = directory + "/columns.txt"
        badColumns = directory + "/bad-columns.txt"
        missing = directory + "/does-not-exist"
        try "{range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}\n".write(toFile: jsonpath, atomically: true, encoding: .utf8)
        try "NAME  NAMESPACE   TAGS\n.metadata.name {.metadata.namespace}  .status.exportedInputs[*].tag\n"
            .write(toFile: columns, atomically: true, encoding: .utf8)
        try "NAME TAGS\n.metadata.name\n".write(toFile: badColumns, atomically: true, encoding: .utf8)
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
        cases.append(DifferentialCase(args: ["-A", "-o", "jsonpath={.items[0].metadata.labels.*}"], unordered: true))

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

    static func generated(_ r: inout SplitMix, count: Int, teamB: [String]) -> [DifferentialCase] {
        var cases: [DifferentialCase] = []
        let selections: [[String]] = [["-A"], ["-A"], ["-A"], ["-n", "team-a"], ["-n", "team-b"], ["-n", "flux-system"],
                                      ["-A", "-l", "tier"], ["-n", "team-b"]]
        while cases.count < count {
            var selection = r.pick(selections)
            // Now and then one named provider: kubectl prints it, not a List.
            if selection == ["-n", "team-b"], r.below(2) == 0 { selection.append(r.pick(teamB)) }
            let single = selection.count == 3
            let prefix = single ? "" : ".items[*]"
            let kind = r.below(10)
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
                cases.append(DifferentialCase(args: args, unordered: unordered))
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

    /// Now and then a syntax error: a brace dropped, a stray character, an open quote.
    private static func mutate(_ template: String, _ r: inout SplitMix) -> String {
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
    static func generate(_ r: inout SplitMix) -> (objects: [String], teamB: [String]) {
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

// MARK: - Seeded generator

struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
