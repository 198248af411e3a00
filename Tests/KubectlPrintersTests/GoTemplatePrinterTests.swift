import KubectlPrinters
import XCTest
import YAML

/// `-o go-template`: every expectation here is what kubectl v1.32 printed for the same object
/// (`kubectl get rsip unit -o go-template=...` against the API emulator holding `unit`).
final class GoTemplatePrinterTests: XCTestCase {
    let unit: Value = {
        let text = #"""
        {"apiVersion":"fluxcd.controlplane.io/v1","kind":"ResourceSetInputProvider",
         "metadata":{"name":"unit","namespace":"default","labels":{"app.kubernetes.io/name":"podinfo","tier":"10"}},
         "spec":{"type":"OCIArtifactTag","filter":{"semver":">=1.0.0","limit":2}},
         "status":{"exportedInputs":[{"id":"47448304","tag":"1.2.0","digest":"sha256:aa"},
                                     {"id":"47251695","tag":"1.1.0","digest":"sha256:bb"}],
                   "conditions":[{"type":"Ready","status":"True","reason":"Succeeded","message":"a <b> & c"}],
                   "stats":{"ratio":0.25,"million":1000000.0,"big":1e21,"huge":12345678901234567890,"neg":-3,
                            "whole":2.0,"none":null}}}
        """#
        do { return try JSON.parse(text) } catch { fatalError("fixture: \(error)") }
    }()

    private func run(_ template: String, _ object: Value? = nil, allowMissingKeys: Bool = true) throws -> (String, PrinterError?) {
        let printer = try GoTemplatePrinter(template: template, allowMissingKeys: allowMissingKeys)
        var out = ""
        do {
            try printer.print(object ?? unit, into: &out)
            return (out, nil)
        } catch {
            return (out, error)
        }
    }

    private func text(_ template: String, _ object: Value? = nil) throws -> String {
        let (out, error) = try run(template, object)
        XCTAssertNil(error, template)
        return out
    }

    /// Numbers as kubectl's JSON round trip leaves them: integers int64, the rest float64.
    func testDataAsKubectlDecodesIt() throws {
        XCTAssertEqual(try text("{{.status.stats}}"),
                       "map[big:1e+21 huge:1.2345678901234567e+19 million:1000000 neg:-3 none:<nil> ratio:0.25 whole:2]")
        XCTAssertEqual(try text(#"{{printf "%T %T %T %T %T" .status.stats.million .status.stats.ratio .status.stats.huge .status.stats.whole .status.stats.none}}"#),
                       "int64 float64 float64 int64 <nil>")
        XCTAssertEqual(try text("{{range .status.exportedInputs}}{{.tag}}={{.id}} {{end}}"), "1.2.0=47448304 1.1.0=47251695 ")
        XCTAssertEqual(try text(#"{{index .metadata.labels "app.kubernetes.io/name"}} {{.metadata.labels.tier}} {{eq .metadata.labels.tier "10"}}"#),
                       "podinfo 10 true")
        XCTAssertEqual(try text("{{html .status.conditions}} {{js .spec.type}} {{urlquery \"a b\"}} {{len .status.exportedInputs}} {{slice .status.exportedInputs 1}}"),
                       "[map[message:a &lt;b&gt; &amp; c reason:Succeeded status:True type:Ready]] OCIArtifactTag a+b 2 [map[digest:sha256:bb id:47251695 tag:1.1.0]]")
    }

    func testKubectlFunctions() throws {
        XCTAssertEqual(try text(#"{{exists . "status" "exportedInputs" 1 "tag"}} {{exists . "status" "exportedInputs" 2}} {{exists .status "stats" "none"}} {{exists .status "stats" "neg"}} {{exists . "spec" "filter" "limit" "x"}} {{exists .metadata.name 0}} {{exists .nope}} {{exists . 0}}"#),
                       "true false false true false true true false")
        XCTAssertEqual(try text(#"{{base64decode "aGVsbG8="}}"#), "hello")
        let (out, error) = try run(#"{{base64decode "aGVsbG8"}}"#, ["a": 1])
        XCTAssertTrue(out.hasPrefix(#"Error executing template: template: output:1:2: executing "output" at <base64decode "aGVsbG8">: error calling base64decode: base64 decode failed: illegal base64 data at input byte 4."#), out)
        XCTAssertNotNil(error)
        // Sprig is not part of kubectl's go-template.
        XCTAssertThrowsError(try GoTemplatePrinter(template: "{{upper .x}}")) { error in
            XCTAssertEqual((error as? PrinterError)?.stderr,
                           "error: error parsing template {{upper .x}}, template: output:1: function \"upper\" not defined\n")
        }
    }

    /// Go's own slice, reaching up to the capacity append gave the decoded list.
    func testSliceUpToTheCapacity() throws {
        let list: Value = ["x": [1, 2, 3], "five": [1, 2, 3, 4, 5]]
        XCTAssertEqual(try text("{{slice .x 0 4}} {{len (slice .five 0 8)}} {{slice \"abcdef\" 1 3}}", list), "[1 2 3 <nil>] 8 bc")
        let (_, beyond) = try run("{{slice .five 0 9}}", list)
        XCTAssertTrue(beyond?.message.hasSuffix("error calling slice: index out of range: 9") ?? false, "\(String(describing: beyond))")
        let (_, field) = try run("{{slice .five 1 .x}}", list)
        XCTAssertTrue(field?.message.hasSuffix("error calling slice: cannot index slice/array with type interface {}") ?? false)
        XCTAssertEqual(try text("{{$n := 2}}{{slice .five $n 3}}", list), "[3]")
        let (_, string) = try run("{{slice .kind 1 1 1}}", ["kind": "List"])
        XCTAssertTrue(string?.message.hasSuffix("error calling slice: cannot 3-index slice a string") ?? false)
    }

    func testMissingKeys() throws {
        XCTAssertEqual(try text("{{.nope}}|{{.status.stats.none}}|{{.metadata.nope.deeper}}"), "<no value>|<no value>|<no value>")
        let (out, error) = try run("a{{.nope}}b", ["kind": "X", "a": 1], allowMissingKeys: false)
        XCTAssertEqual(out, """
            aError executing template: template: output:1:3: executing "output" at <.nope>: map has no entry for key "nope". Printing more information for debugging the template:
            \ttemplate was:
            \t\ta{{.nope}}b
            \traw data was:
            \t\t{"a":1,"kind":"X"}
            \tobject given to template engine was:
            \t\tmap[a:1 kind:X]


            """)
        XCTAssertEqual(error?.stderr,
                       "error: error executing template \"a{{.nope}}b\": template: output:1:3: executing \"output\" at <.nope>: map has no entry for key \"nope\"\n")
        let (_, null) = try run("{{.status.stats.none.x}}")
        XCTAssertTrue(null?.message.hasSuffix("executing \"output\" at <.status.stats.none.x>: nil pointer evaluating interface {}.x") ?? false)
    }

    /// The raw JSON is json.Marshal's (sorted keys, `<>&` escaped, float64 as Go writes it);
    /// the decoded object is fmt's %+v.
    func testErrorReportShowsTheDataTwice() throws {
        let (out, error) = try run("x{{.kind.x}}")
        XCTAssertTrue(out.hasPrefix("xError executing template: template: output:1:8: executing \"output\" at <.kind.x>: can't evaluate field x in type interface {}. Printing more information for debugging the template:\n"), out)
        XCTAssertTrue(out.contains(#""status":{"conditions":[{"message":"a \u003cb\u003e \u0026 c","reason":"Succeeded","status":"True","type":"Ready"}],"exportedInputs":[{"digest":"sha256:aa","id":"47448304","tag":"1.2.0"},{"digest":"sha256:bb","id":"47251695","tag":"1.1.0"}],"stats":{"big":1e+21,"huge":12345678901234567000,"million":1000000,"neg":-3,"none":null,"ratio":0.25,"whole":2}}}"#), out)
        XCTAssertTrue(out.contains("stats:map[big:1e+21 huge:1.2345678901234567e+19 million:1000000 neg:-3 none:<nil> ratio:0.25 whole:2]]]\n\n"), out)
        XCTAssertEqual(error?.message,
                       #"error executing template "x{{.kind.x}}": template: output:1:8: executing "output" at <.kind.x>: can't evaluate field x in type interface {}"#)
    }

    func testFormatsAndFiles() throws {
        XCTAssertEqual(try OutputFormat.parse("go-template={{.a}}"), .goTemplate("{{.a}}"))
        XCTAssertEqual(try OutputFormat.parse("template={{.a}}"), .goTemplate("{{.a}}"))
        XCTAssertEqual(try OutputFormat.parse("go-template", template: "{{.a}}"), .goTemplate("{{.a}}"))
        XCTAssertEqual(try OutputFormat.parse("templatefile=/t"), .goTemplateFile(path: "/t"))
        XCTAssertEqual(try OutputFormat.parse("go-template-file=/t"), .goTemplateFile(path: "/t"))
        XCTAssertNil(try OutputFormat.parse("go-template={{.a}}", template: "{{.b}}"))
        for output in ["go-template", "template=", "templatefile", "go-template-file="] {
            XCTAssertThrowsError(try OutputFormat.parse(output), output) { error in
                XCTAssertEqual((error as? PrinterError)?.message, "template format specified but no template given")
            }
        }
        XCTAssertEqual(OutputFormat.unknown("foo").stderr,
                       "error: unable to match a printer suitable for the output format \"foo\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n")
        let file = KubectlGet.printGeneric(items: [unit], singleItemImplied: true, format: .goTemplateFile(path: "/t"),
                                           readFile: { _ in .success("{{.metadata.name}}\n") })
        XCTAssertEqual(file, GenericOutput(stdout: "unit\n", error: nil))
        let missing = KubectlGet.printGeneric(items: [unit], singleItemImplied: true, format: .goTemplateFile(path: "/none"),
                                              readFile: readNothing)
        XCTAssertEqual(missing.error?.stderr, "error: error reading --template /none, open /none: no such file or directory\n")
        XCTAssertTrue(missing.printerFailed)
    }

    /// A watch prints each object through one printer and one tab writer.
    func testWatchKeepsOnePrinter() throws {
        var printer = try GenericPrinter.make(.customColumns("NAME:.metadata.name,TAGS:.status.exportedInputs[*].tag"),
                                              readFile: readNothing)
        var writer = TabWriter()
        for item in items {
            try printer.printNext(item, to: &writer)
            writer.flush()
        }
        XCTAssertEqual(writer.takeOutput(), "NAME           TAGS\npodinfo-tags   1.2.0,1.1.0\nfrontend-tags   <none>\nempty-tags      <none>\n")
        var template = try GenericPrinter.make(.goTemplate("{{.metadata.name}}{{\"\\n\"}}"), readFile: readNothing)
        var lines = TabWriter()
        for item in items { try template.printNext(item, to: &lines) }
        lines.flush()
        XCTAssertEqual(lines.takeOutput(), "podinfo-tags\nfrontend-tags\nempty-tags\n")
    }
}
