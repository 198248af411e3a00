import JSONPath
import XCTest
import YAML

/// Each feature of the dialect over a List of providers, as kubectl prints it.
final class ExecutionTests: XCTestCase {
    func testTextAndFields() throws {
        XCTAssertEqual(try output("{.kind}"), "List")
        XCTAssertEqual(try output("name: {.items[0].metadata.name}!"), "name: podinfo-tags!")
        XCTAssertEqual(try output("{.items[0].metadata.name} }"), "podinfo-tags }")
        XCTAssertEqual(try output(#"{"{"}{.kind}{"}"}"#), "{List}")
        XCTAssertEqual(try output("{$.kind}{@.kind}{ .kind }"), "ListListList")
        XCTAssertEqual(try output("{.items[*].metadata.name}"), "podinfo-tags frontend-tags empty-tags")
        XCTAssertEqual(try output("plain"), "plain")
        XCTAssertEqual(try output(""), "")
    }

    func testEscapedDotsAndBracketKeys() throws {
        XCTAssertEqual(try output(#"{.items[0].metadata.labels.app\.kubernetes\.io/name}"#), "podinfo")
        XCTAssertEqual(try output(#"{.items[0].metadata.labels['app\.kubernetes\.io/name']}"#), "podinfo")
        XCTAssertEqual(try output("{.items[*]['metadata']['name']}"), "podinfo-tags frontend-tags empty-tags")
        // Dots inside brackets still separate keys unless escaped.
        XCTAssertEqual(try output("{.items[0].metadata.labels['app.kubernetes.io/name']}"), "")
        XCTAssertEqual(failure("{.items[0].metadata.labels['app.kubernetes.io/name']}", allowMissingKeys: false),
                       "app is not found")
        // A bracket key is parsed as `.key` in its own action: what follows a `}` is dropped.
        XCTAssertEqual(try output("{['kind}x']}"), "List")
    }

    func testIndexesAndSlices() throws {
        XCTAssertEqual(try output("{.items[-1].metadata.name}"), "empty-tags")
        XCTAssertEqual(try output("{.items[-2:].metadata.name}"), "frontend-tags empty-tags")
        XCTAssertEqual(try output("{.items[::2].metadata.name}"), "podinfo-tags empty-tags")
        XCTAssertEqual(try output("{.items[0:2].metadata.name}"), "podinfo-tags frontend-tags")
        XCTAssertEqual(try output("{.items[1:].metadata.name}"), "frontend-tags empty-tags")
        XCTAssertEqual(try output("{.items[].metadata.name}"), "podinfo-tags") // `[]` is `[0]`
        XCTAssertEqual(try output("{.items[0:0]}x{.items[3:3]}"), "x") // zero elements are allowed
        XCTAssertEqual(failure("{.items[5]}"), "array index out of bounds: index 5, length 3")
        XCTAssertEqual(failure("{.items[-5]}"), "array index out of bounds: index -2, length 3")
        XCTAssertEqual(failure("{.items[0:5]}"), "array index out of bounds: index 4, length 3")
        XCTAssertEqual(failure("{.items[2:1]}"), "starting index 2 is greater than ending index 1")
        XCTAssertEqual(failure("{.items[::0]}"), "step must be > 0")
        XCTAssertEqual(failure("{.items[::-1]}"), "step must be > 0")
        XCTAssertEqual(failure("{.items[2].status.exportedInputs[0]}"), "array index out of bounds: index 0, length 0")
    }

    func testIndexingWhatIsNotAList() {
        XCTAssertEqual(failure("{.kind[0]}"), "string is not array or slice")
        XCTAssertEqual(failure("{.items[0].metadata.generation[0]}"), "int64 is not array or slice")
        XCTAssertEqual(failure("{.items[0].status.ratio[0]}"), "float64 is not array or slice")
        XCTAssertEqual(failure("{.metadata[0]}"), "map[string]interface {} is not array or slice")
        XCTAssertEqual(failure("{5[0]}"), "int is not array or slice")
        XCTAssertEqual(failure("{.items[0].metadata.namespace.*[0]}"), "uint8 is not array or slice")
    }

    func testUnions() throws {
        XCTAssertEqual(try output("{.items[0,2].metadata.name}"), "podinfo-tags empty-tags")
        XCTAssertEqual(try output("{.items[ 2 , 0 ].metadata.name}"), "empty-tags podinfo-tags")
        XCTAssertEqual(try output("{.items[*].metadata['name','namespace']}"),
                       "podinfo-tags frontend-tags empty-tags apps flux-system flux-system")
        XCTAssertEqual(failure("{.items[0,9]}"), "array index out of bounds: index 9, length 3")
    }

    func testWildcardAndRecursiveDescent() throws {
        XCTAssertEqual(try output("{..tag}"), "1.2.0 1.1.0")
        XCTAssertEqual(try output("{.items[*].status.exportedInputs[*].tag}"), "1.2.0 1.1.0")
        XCTAssertEqual(try output("{.items[0].status.conditions..type}"), "Ready")
        // Map entries come in the Value's order (Go's order is random).
        XCTAssertEqual(try output("{.items[0].spec.filter.*}"), ">=1.0.0 2")
        // The elements of a string are its bytes.
        XCTAssertEqual(try output("{.items[0].metadata.namespace.*}"), "97 112 112 115")
        // `..` yields every value with children, itself first: lists, maps, non-empty strings.
        XCTAssertEqual(try output("{..}", ["a", ["b": 1], ""]), #"["a",{"b":1},""] a {"b":1}"#)
    }

    func testFilters() throws {
        XCTAssertEqual(try output("{.items[?(@.metadata.generation > 1)].metadata.name}"), "podinfo-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata.generation == 1)].metadata.name}"), "frontend-tags empty-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata.generation != 1)].metadata.name}"), "podinfo-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata.generation >= 2)].metadata.name}"), "podinfo-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata.generation <= 1)].metadata.name}"), "frontend-tags empty-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata.generation<2)].metadata.name}"), "frontend-tags empty-tags")
        XCTAssertEqual(try output(#"{.items[?(@.metadata.namespace == "flux-system")].metadata.name}"#), "frontend-tags empty-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata.namespace=='apps')].metadata.name}"), "podinfo-tags")
        XCTAssertEqual(try output(#"{.items[?(@.metadata.name < "f")].metadata.name}"#), "empty-tags")
        XCTAssertEqual(try output("{.items[?(@.status.on == true)].metadata.name}"), "podinfo-tags")
        XCTAssertEqual(try output(#"{.items[0].status.exportedInputs[?(@.tag == "1.1.0")].digest}"#), "sha256:bb")
        XCTAssertEqual(try output(#"{.items[*].status.conditions[?(@.type=="Ready")].status}"#), "True False")
        // Comparing with another field of the same element.
        XCTAssertEqual(try output("{.items[?(@.metadata.name == @.metadata.name)].metadata.name}"),
                       "podinfo-tags frontend-tags empty-tags")
    }

    func testExistenceFilters() throws {
        XCTAssertEqual(try output("{.items[?(@.status)].metadata.name}"), "podinfo-tags empty-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata.labels.tier)].metadata.name}"), "podinfo-tags empty-tags")
        // A failing step hands back its input, which counts as existing (client-go's quirk): an
        // index into an empty list, or into a map.
        XCTAssertEqual(try output("{.items[?(@.status.exportedInputs[0])].metadata.name}"), "podinfo-tags empty-tags")
        XCTAssertEqual(try output("{.items[?(@.metadata[0])].metadata.name}"), "podinfo-tags frontend-tags empty-tags")
    }

    func testFilterErrors() {
        XCTAssertEqual(failure("{.items[?(@.metadata.generation > 1.5)]}"), "incompatible types for comparison")
        XCTAssertEqual(failure("{.items[?(@.metadata.name == 1)]}"), "incompatible types for comparison")
        XCTAssertEqual(failure(#"{.items[?(@.spec.filter == "x")]}"#), "invalid type for comparison")
        XCTAssertEqual(failure("{.items[?(@.status.on < true)]}"), "invalid type for comparison")
        XCTAssertEqual(failure(#"{.items[?(@.status.off == "x")]}"#), "invalid type for comparison")
        XCTAssertEqual(failure(#"{.items[?(@.metadata.name = "x")]}"#), "unrecognized filter operator =")
        XCTAssertEqual(failure(#"{.items[?(@.metadata.name =! "x")]}"#), "unrecognized filter operator =!")
        // Only !<>= make an operator: the `~` lands in the right side, which does not parse.
        XCTAssertEqual(parseFailure(#"{.items[?(@.metadata.name =~ "x")]}"#), "unrecognized character in action: U+007E '~'")
        XCTAssertEqual(failure(#"{.items[?(@.status.exportedInputs[*].tag == "x")]}"#), "can only compare one element at a time")
        XCTAssertEqual(failure("{.items[?(@.metadata.name == foo)]}"), "unrecognized identifier foo")
        XCTAssertEqual(failure(#"{.items[?(@.status.x == "a")]}"#, allowMissingKeys: false), "x is not found")
        XCTAssertEqual(failure("{.items[0].status.off[?(@.x)]}"), "<nil> is not array or slice and cannot be filtered")
        XCTAssertEqual(failure("{.items[0].spec[?(@.x)]}"),
                       "map[filter:map[limit:2 semver:>=1.0.0] type:OCIArtifactTag] is not array or slice and cannot be filtered")
    }

    func testRangeAndEnd() throws {
        XCTAssertEqual(try output(#"{range .items[*]}{.metadata.name}{"\t"}{.status.exportedInputs[*].tag}{"\n"}{end}"#),
                       "podinfo-tags\t1.2.0 1.1.0\nfrontend-tags\t\nempty-tags\t\n")
        XCTAssertEqual(try output("{range .items[*]}{.metadata.name}:{range .status.exportedInputs[*]}{.tag},{end};{end}"),
                       "podinfo-tags:1.2.0,1.1.0,;frontend-tags:;empty-tags:;")
        XCTAssertEqual(try output("{range .items[*]}[{.metadata.name}]{end} after {.kind}"),
                       "[podinfo-tags][frontend-tags][empty-tags] after List")
        // Without {end} the body runs per item, then once more on the List itself.
        XCTAssertEqual(try output("{range .items[*]}{.metadata.name}"), "podinfo-tagsfrontend-tagsempty-tags")
        XCTAssertEqual(try output("{range .nothing[*]}{.x}{end}done"), "done")
        XCTAssertEqual(failure("{range .items[*]}{.metadata.name}{end}{end}"), "not in range, nothing to end")
        XCTAssertEqual(failure("{end}"), "not in range, nothing to end")
        XCTAssertEqual(failure("{foo}"), "unrecognized identifier foo")
        XCTAssertEqual(failure("{metadata.name}"), "unrecognized identifier metadata")
        // A range over a null hands its body no value at all.
        XCTAssertEqual(try output("{range .items[*].status.off}{@}{end}"), "<no value>")
    }

    func testMissingKeys() throws {
        XCTAssertEqual(try output("{.nope}{.items[*].nope}{.items[0].status.off.x}"), "")
        XCTAssertEqual(failure("{.nope}", allowMissingKeys: false), "nope is not found")
        XCTAssertEqual(failure("{.items[*].status.conditions}", allowMissingKeys: false), nil)
        XCTAssertEqual(failure("{.items[*].status.phase}", allowMissingKeys: false), "phase is not found")
        // No input at all: no lookup, so no error either.
        XCTAssertEqual(failure("{.items[2].status.exportedInputs[*].tag}", allowMissingKeys: false), nil)
        XCTAssertEqual(failure("{.items[0].status.off.x}", allowMissingKeys: false), "x is not found")
        // A null is skipped by indexes.
        XCTAssertEqual(try output("{.items[0].status.off[0]}"), "")
    }

    func testLiteralsAndEscapes() throws {
        XCTAssertEqual(try output(#"{1.5}{-2}{+3}{true}{"\u00e9\x41\101"}"#), "1.5-23trueéAA")
        XCTAssertEqual(try output(#"{'a\'b'}{"a\"b"}{'say "hi"'}"#), #"a'ba"bsay "hi""#)
        XCTAssertEqual(try output(#"{"\t"}{"\n"}{"\\x"}"#), "\t\n\\x")
        // A literal replaces whatever the action had found so far; a number repeats per input.
        XCTAssertEqual(try output(#"{.items[*].metadata.name "x"}{.items[*].metadata.name 7}"#), "x7 7 7")
        XCTAssertEqual(try output("{.nope 7}"), "")
    }

    func testPrinting() throws {
        XCTAssertEqual(try output("{.items[0].status.ratio}"), "0.25")
        XCTAssertEqual(try output("{.items[0].status.million}"), "1e+06")
        XCTAssertEqual(try output("{.items[0].status.big}"), "1e+21")
        XCTAssertEqual(try output("{.items[0].status.huge}"), "1.2345678901234567e+19")
        XCTAssertEqual(try output("{.items[0].status.on} {.items[0].status.off}"), "true null")
        XCTAssertEqual(try output("{.items[0].metadata.generation}"), "2")
        // Maps and lists as json.Marshal writes them: sorted keys, <>& escaped.
        XCTAssertEqual(try output("{.items[0].status.conditions[0]}"),
                       #"{"message":"a \u003cb\u003e \u0026 c","reason":"Succeeded","status":"True","type":"Ready"}"#)
        XCTAssertEqual(try output("{.items[0].spec.filter}"), #"{"limit":2,"semver":"\u003e=1.0.0"}"#)
        XCTAssertEqual(try output("{.items[2].status.exportedInputs}"), "[]")
        XCTAssertEqual(try output("{.items[0].metadata.labels}"), #"{"app.kubernetes.io/name":"podinfo","tier":"10"}"#)
        // Strings are printed raw.
        XCTAssertEqual(try output("{.items[0].status.conditions[0].message}"), "a <b> & c")
        XCTAssertEqual(try output(#"{.items[0].status['million','big','huge']}"#),
                       "1e+06 1e+21 1.2345678901234567e+19")
        XCTAssertEqual(try output(#"{.x}"#, ["x": [1000000.0, 1e21, .uint(12345678901234567890)]]),
                       "[1000000,1e+21,12345678901234567000]")
    }

    func testJSONOutput() throws {
        XCTAssertEqual(try output("{.items[*].metadata.name}", json: true),
                       "[\n    \"podinfo-tags\",\n    \"frontend-tags\",\n    \"empty-tags\"\n]\n")
        XCTAssertEqual(try output("{range .items[0:2]}{.metadata.name}{end}", json: true),
                       "[\n    \"podinfo-tags\"\n]\n[\n    \"frontend-tags\"\n]\n")
        XCTAssertEqual(try output("{.nope}", json: true), "[]\n")
        XCTAssertEqual(try output(#"x{"<"}"#, json: true), "[\n    \"x\"\n]\n[\n    \"\\u003c\"\n]\n")
        XCTAssertEqual(try output("{.items[0].spec.filter}", json: true),
                       "[\n    {\n        \"limit\": 2,\n        \"semver\": \"\\u003e=1.0.0\"\n    }\n]\n")
    }

    func testParseOnceExecuteMany() throws {
        let path = try JSONPath("{.metadata.name}")
        let names = try (KubectlItems.all).map { try path.execute($0) }
        XCTAssertEqual(names, ["podinfo-tags", "frontend-tags", "empty-tags"])
    }

    /// kubectl keeps one printer for every object of `get -w`, and client-go never restores the
    /// nodes it narrowed to a range body: after a top-level {range}, the next object only sees
    /// the nodes after it.
    func testStateCarriedAcrossExecutions() throws {
        let path = try JSONPath(#"{range .items[*]}{.metadata.name}{"\n"}{end}"#)
        var state = JSONPath.State()
        let first = try path.execute(KubectlItems.all[0], options: .init(), state: &state)
        XCTAssertEqual(first, "")
        XCTAssertThrowsError(try path.execute(KubectlItems.all[1], options: .init(), state: &state)) { error in
            XCTAssertEqual((error as? JSONPathError)?.message, "not in range, nothing to end")
        }
        // A fresh execution is unaffected.
        XCTAssertEqual(try path.execute(providers), "podinfo-tags\nfrontend-tags\nempty-tags\n")
    }

    func testFindResultsGroups() throws {
        let groups = try JSONPath("a{.items[0:2].metadata.name}b").findResults(in: providers)
        XCTAssertEqual(groups.count, 3)
        XCTAssertEqual(groups[1].map(\.jsonValue), ["podinfo-tags", "frontend-tags"])
        XCTAssertEqual(groups[1].map(\.boxed), [true, true])
        XCTAssertEqual(groups[0].map(\.boxed), [false])
    }
}

enum KubectlItems {
    static var all: [Value] { providers["items"]?.array ?? [] }
}
