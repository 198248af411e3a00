import KubectlPrinters
import XCTest
import YAML

/// The object kubectl get prints, the jsonpath printer's error texts, and the -o selection.
final class GenericOutputTests: XCTestCase {
    func testListWrapper() throws {
        let wrapped = KubectlList.printedObject(items: items, singleItemImplied: false)
        XCTAssertEqual(wrapped["apiVersion"], "v1")
        XCTAssertEqual(wrapped["kind"], "List")
        XCTAssertEqual(wrapped["metadata"], ["resourceVersion": ""])
        XCTAssertEqual(wrapped["items"]?.array?.count, 3)
        XCTAssertEqual(JSON.encodeCompact(KubectlList.list([])), #"{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":""}}"#)
        // A named object is printed itself; one object found by a list is still a List.
        XCTAssertEqual(KubectlList.printedObject(items: [items[0]], singleItemImplied: true), items[0])
        XCTAssertEqual(KubectlList.printedObject(items: [items[0]], singleItemImplied: false)["kind"], "List")
    }

    func testListRoundTripTurnsWholeFloatsIntoIntegers() throws {
        let object: Value = ["a": 2.0, "b": 2.5, "c": 1e21, "d": .uint(18446744073709551615), "e": [-0.0]]
        let inList = KubectlList.list([object])["items"]?[0]
        XCTAssertEqual(inList, ["a": 2, "b": 2.5, "c": 1e21, "d": .double(18446744073709551615), "e": [0]])
        let direct = try JSONPathPrinter(template: "{.a}").print(object)
        let listed = try JSONPathPrinter(template: "{.items[0].a}").print(KubectlList.list([object]))
        XCTAssertEqual([direct, listed], ["2", "2"])
        // The difference shows where Go's types matter: an int literal against a float.
        let holder: Value = ["x": [["a": 2.0]]]
        XCTAssertThrowsError(try JSONPathPrinter(template: "{.x[?(@.a == 2)].a}").print(holder))
        XCTAssertEqual(try JSONPathPrinter(template: "{.items[0].x[?(@.a == 2)].a}").print(KubectlList.list([holder])), "2")
    }

    func testJSONPathPrinterErrors() throws {
        XCTAssertThrowsError(try JSONPathPrinter(template: "{.x")) { error in
            XCTAssertEqual((error as? PrinterError)?.stderr, "error: error parsing jsonpath {.x, unclosed action\n")
        }
        let printer = try JSONPathPrinter(template: "{.x}", allowMissingKeys: false)
        let object: Value = ["kind": "List", "n": 2, "f": 1.5, "s": ["a\"b", nil, true], "m": [:]]
        XCTAssertThrowsError(try printer.print(object)) { error in
            let expected = "error executing jsonpath \"{.x}\": Error executing template: x is not found. "
                + "Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.x}\n"
                + "\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"f\":1.5, \"kind\":\"List\", "
                + "\"m\":map[string]interface {}{}, \"n\":2, \"s\":[]interface {}{\"a\\\"b\", interface {}(nil), true}}\n\n\n"
            XCTAssertEqual((error as? PrinterError)?.message, expected)
            // kubectl adds its prefix and no newline of its own.
            XCTAssertEqual((error as? PrinterError)?.stderr, "error: " + expected)
        }
        XCTAssertEqual(try JSONPathPrinter(template: "{.x}").print(object), "")
        XCTAssertEqual(try JSONPathPrinter(template: "{.s}", outputJSON: true).print(object),
                       "[\n    [\n        \"a\\\"b\",\n        null,\n        true\n    ]\n]\n")
    }

    func testWatchReusesThePrinter() throws {
        var printer = try JSONPathPrinter(template: #"{range .items[*]}{.metadata.name}{"\n"}{end}"#)
        XCTAssertEqual(try printer.printNext(items[0]), "")
        XCTAssertThrowsError(try printer.printNext(items[1])) { error in
            XCTAssertTrue((error as? PrinterError)?.message.hasPrefix(
                #"error executing jsonpath "{range .items[*]}{.metadata.name}{\"\\n\"}{end}": Error executing template: not in range, nothing to end."#) ?? false)
        }
        var plain = try JSONPathPrinter(template: #"{.metadata.name}{"\n"}"#)
        XCTAssertEqual(try items.map { try plain.printNext($0) }.joined(), "podinfo-tags\nfrontend-tags\nempty-tags\n")
    }

    func testOutputFormats() throws {
        XCTAssertEqual(try OutputFormat.parse("jsonpath={.a}"), .jsonpath("{.a}"))
        XCTAssertEqual(try OutputFormat.parse("jsonpath-as-json={.a}"), .jsonpathAsJSON("{.a}"))
        XCTAssertEqual(try OutputFormat.parse("jsonpath-file=/t"), .jsonpathFile(path: "/t"))
        XCTAssertEqual(try OutputFormat.parse("custom-columns=A:.a"), .customColumns("A:.a"))
        XCTAssertEqual(try OutputFormat.parse("custom-columns-file=/c"), .customColumnsFile(path: "/c"))
        XCTAssertEqual(try OutputFormat.parse("jsonpath", template: "{.a}"), .jsonpath("{.a}"))
        XCTAssertEqual(try OutputFormat.parse("jsonpath={=x"), .jsonpath("{=x"))
        for other in ["json", "yaml", "name", "wide", "", "go-templatex={{.a}}", "jsonpathx=a", "jsonpath={.a}x"] {
            XCTAssertNil(try OutputFormat.parse(other, template: other == "jsonpath={.a}x" ? "t" : ""), other)
        }
        for (output, message) in [("jsonpath", "template format specified but no template given"),
                                  ("jsonpath=", "template format specified but no template given"),
                                  ("jsonpath-as-json=", "template format specified but no template given"),
                                  ("custom-columns", "custom-columns format specified but no custom columns given"),
                                  ("custom-columns-file=", "custom-columns format specified but no custom columns given")] {
            XCTAssertThrowsError(try OutputFormat.parse(output), output) { error in
                XCTAssertEqual((error as? PrinterError)?.message, message)
            }
        }
    }

    func testPrintGeneric() {
        func get(_ format: OutputFormat, single: Bool = false, sortBy: String = "", noHeaders: Bool = false,
                 read: (String) -> Result<String, FileReadFailure> = readNothing) -> GenericOutput {
            KubectlGet.printGeneric(items: single ? [items[0]] : items, singleItemImplied: single, format: format,
                                    sortBy: sortBy, noHeaders: noHeaders, readFile: read)
        }
        XCTAssertEqual(get(.jsonpath("{.items[*].metadata.name}"), sortBy: ".metadata.name"),
                       GenericOutput(stdout: "empty-tags frontend-tags podinfo-tags", error: nil))
        XCTAssertEqual(get(.jsonpath("{.metadata.name}"), single: true, sortBy: ".nope"),
                       GenericOutput(stdout: "podinfo-tags", error: nil))
        XCTAssertEqual(get(.customColumns("N:.metadata.name"), sortBy: ".metadata.generation", noHeaders: true),
                       GenericOutput(stdout: "frontend-tags\nempty-tags\npodinfo-tags\n", error: nil))
        XCTAssertEqual(get(.customColumns("N:.metadata.name"), sortBy: ".nope").error?.stderr,
                       "error: couldn't find any field with path \"{.nope}\" in the list of objects\n")
        // Printer errors come before sorting errors.
        XCTAssertEqual(get(.jsonpath("{.x"), sortBy: ".nope").error?.message, "error parsing jsonpath {.x, unclosed action")
        XCTAssertEqual(get(.jsonpathFile(path: "/none")).error?.stderr,
                       "error: error reading --template /none, open /none: no such file or directory\n")
        XCTAssertEqual(get(.customColumnsFile(path: "/none")).error?.stderr,
                       "error: error reading template /none, open /none: no such file or directory\n")
        XCTAssertEqual(get(.jsonpathFile(path: "/t"), read: { _ in .success("{.kind}\n") }).stdout, "List\n")
        // custom-columns-file ignores --no-headers, as kubectl does.
        XCTAssertEqual(get(.customColumnsFile(path: "/c"), noHeaders: true, read: { _ in .success("N\n.metadata.name\n") }).stdout,
                       "N\npodinfo-tags\nfrontend-tags\nempty-tags\n")
    }
}
