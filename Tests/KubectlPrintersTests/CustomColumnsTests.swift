import KubectlPrinters
import XCTest
import YAML

/// `-o custom-columns` and `-o custom-columns-file`, laid out by kubectl's tab writer.
final class CustomColumnsTests: XCTestCase {
    private func printed(_ spec: String, _ object: Value = list, noHeaders: Bool = false) throws -> String {
        var printer = try CustomColumnsPrinter(spec: spec, noHeaders: noHeaders)
        var out = ""
        try printer.print(object, into: &out)
        return out
    }

    func testColumns() throws {
        XCTAssertEqual(try printed("NAME:.metadata.name,TAGS:.status.exportedInputs[*].tag"),
                       "NAME            TAGS\npodinfo-tags    1.2.0,1.1.0\nfrontend-tags   <none>\nempty-tags      <none>\n")
        XCTAssertEqual(try printed("N:.metadata.name,F:.spec.filter,X:.nope"),
                       "N               F                             X\n"
                       + "podinfo-tags    map[limit:2 semver:>=1.0.0]   <none>\n"
                       + "frontend-tags   <none>                        <none>\n"
                       + "empty-tags      <none>                        <none>\n")
        XCTAssertEqual(try printed(#"NAME:metadata.name,READY:{.status.conditions[?(@.type=="Ready")].status},LABELS:.metadata.labels"#),
                       "NAME            READY    LABELS\n"
                       + "podinfo-tags    True     map[app.kubernetes.io/name:podinfo tier:10]\n"
                       + "frontend-tags   <none>   <none>\n"
                       + "empty-tags      False    map[tier:9]\n")
    }

    func testNoHeadersSingleObjectAndEmptyList() throws {
        XCTAssertEqual(try printed("N:.metadata.name", noHeaders: true), "podinfo-tags\nfrontend-tags\nempty-tags\n")
        XCTAssertEqual(try printed("N:.metadata.name,G:.metadata.generation", items[0]), "N              G\npodinfo-tags   2\n")
        // An empty list still prints its header.
        XCTAssertEqual(try printed("N:.metadata.name", KubectlList.list([])), "N\n")
        // An empty path is a column of <none>.
        XCTAssertEqual(try printed("A:,B:.metadata.namespace", items[0]), "A        B\n<none>   apps\n")
    }

    func testValuesAsGoPrintsThem() throws {
        let odd: Value = ["metadata": ["name": "x"], "v": ["n": nil, "f": 1000000.0, "b": true, "l": [1, "a"], "e": "a\u{1B}[31m\r"]]
        XCTAssertEqual(try printed("N:.v.n,F:.v.f,B:.v.b,L:.v.l,E:.v.e", odd),
                       "N       F       B      L       E\n<nil>   1e+06   true   [1 a]   a^[[31m\\r\n")
    }

    func testSpecErrors() {
        func specError(_ spec: String) -> String? {
            do { _ = try CustomColumnsPrinter(spec: spec); return nil } catch { return error.message }
        }
        XCTAssertEqual(specError(""), "custom-columns format specified but no custom columns given")
        XCTAssertEqual(specError("A"), "unexpected custom-columns spec: A, expected <header>:<json-path-expr>")
        // A comma inside a path splits the spec too.
        XCTAssertEqual(specError("A:.items[0,1]"), "unexpected custom-columns spec: 1], expected <header>:<json-path-expr>")
        XCTAssertEqual(specError("A:{.a}{.b}"),
                       "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
        XCTAssertNil(specError("A:b:c")) // only the first colon splits
    }

    func testErrorsAfterTheHeaderLeaveWhatWasPrinted() throws {
        var printer = try CustomColumnsPrinter(spec: "A:.x[")
        var out = ""
        XCTAssertThrowsError(try printer.print(list, into: &out)) { error in
            XCTAssertEqual((error as? PrinterError)?.message, "unterminated array")
        }
        XCTAssertEqual(out, "A\n")

        var second = try CustomColumnsPrinter(spec: "N:.metadata.name,T:.status.exportedInputs[1].tag")
        out = ""
        XCTAssertThrowsError(try second.print(list, into: &out)) { error in
            XCTAssertEqual((error as? PrinterError)?.message, "array index out of bounds: index 1, length 0")
        }
        // The rows before the failing one were written and get flushed.
        XCTAssertEqual(out, "N               T\npodinfo-tags    1.1.0\nfrontend-tags   <none>\n")
    }

    func testTemplateFile() throws {
        var printer = try CustomColumnsPrinter(template: "NAME   TAGS\n.metadata.name  {.status.exportedInputs[*].tag}\n")
        var out = ""
        try printer.print(list, into: &out)
        XCTAssertEqual(out, "NAME            TAGS\npodinfo-tags    1.2.0,1.1.0\nfrontend-tags   <none>\nempty-tags      <none>\n")

        func fileError(_ text: String) -> String? {
            do { _ = try CustomColumnsPrinter(template: text); return nil } catch { return error.message }
        }
        XCTAssertEqual(fileError(""), "invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.")
        XCTAssertEqual(fileError("A B\n"), "invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.")
        XCTAssertEqual(fileError("A B\n.a\n"), "number of headers (2) and field specifications (1) don't match")
    }

    func testHeaderOncePerKindOfObject() throws {
        var printer = try CustomColumnsPrinter(spec: "N:.metadata.name")
        var writer = TabWriter()
        try printer.write(items[0], to: &writer)
        try printer.write(items[1], to: &writer)
        writer.flush()
        XCTAssertEqual(writer.takeOutput(), "N\npodinfo-tags\nfrontend-tags\n")
    }
}

final class TabWriterTests: XCTestCase {
    private func layout(_ text: String, remember: Bool = true) -> String {
        var w = TabWriter(rememberWidths: remember)
        w.write(text)
        w.flush()
        return w.takeOutput()
    }

    func testColumns() {
        XCTAssertEqual(layout("a\tb\nccc\td\n"), "a     b\nccc   d\n")             // minimum width 6
        XCTAssertEqual(layout("abcdef\tb\nc\td\n"), "abcdef   b\nc        d\n")     // widest + 3
        XCTAssertEqual(layout("é\tx\nab\ty\n"), "é     x\nab    y\n")               // runes, not bytes
        XCTAssertEqual(layout("a\t\n"), "a     \n")                                   // a trailing tab pads
        XCTAssertEqual(layout("a\tb\tc\ndddd\te\n"), "a      b     c\ndddd   e\n")  // blocks per column
    }

    func testALineWithoutTabsFlushes() {
        XCTAssertEqual(layout("aaaaaaaaaa\tb\nline\nc\td\n"), "aaaaaaaaaa   b\nline\nc            d\n")
        XCTAssertEqual(layout("aaaaaaaaaa\tb\nline\nc\td\n", remember: false), "aaaaaaaaaa   b\nline\nc     d\n")
    }

    func testWidthsRememberedAcrossFlushes() {
        var w = TabWriter()
        w.write("long-name-here\tx\n")
        w.flush()
        w.write("a\ty\n")
        w.flush()
        XCTAssertEqual(w.takeOutput(), "long-name-here   x\na                y\n")
    }
}
