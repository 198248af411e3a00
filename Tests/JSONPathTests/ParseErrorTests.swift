import JSONPath
import XCTest

/// client-go's parse errors, word for word (kubectl prints them as
/// `error: error parsing jsonpath TEMPLATE, MESSAGE`).
final class ParseErrorTests: XCTestCase {
    func testUnclosedAction() {
        XCTAssertEqual(parseFailure("{.x"), "unclosed action")
        XCTAssertEqual(parseFailure("{.items[*].metadata.name"), "unclosed action")
        XCTAssertEqual(parseFailure("{.x\n}"), "unclosed action")
        XCTAssertEqual(parseFailure("{"), "unclosed action")
    }

    func testArrays() {
        XCTAssertEqual(parseFailure("{.items[0}"), "unterminated array")
        XCTAssertEqual(parseFailure("{.items[0\n]}"), "unterminated array")
        XCTAssertEqual(parseFailure(#"{.items["metadata"]}"#), #"invalid array index "metadata""#)
        XCTAssertEqual(parseFailure("{.items[a]}"), "invalid array index a")
        XCTAssertEqual(parseFailure("{.items[1:2:3:4]}"), "invalid array index 1:2:3:4")
        XCTAssertEqual(parseFailure("{.items[-]}"), "array index - is not a number")
        XCTAssertEqual(parseFailure("{.items[:-]}"), "array index - is not a number")
        XCTAssertEqual(parseFailure("{.items[99999999999999999999]}"), "array index 99999999999999999999 is not a number")
        // Union members are parsed on their own: their errors come out unchanged.
        XCTAssertEqual(parseFailure(#"{.items[0,"a"]}"#), #"invalid array index "a""#)
    }

    func testFilters() {
        XCTAssertEqual(parseFailure(#"{.items[?(@.a == "x"}"#), "unterminated filter")
        XCTAssertEqual(parseFailure("{.items[?(@.a)x]}"), "unclosed array expect ]")
        XCTAssertEqual(parseFailure("{.items[?(@.a\n)]}"), "unterminated filter")
    }

    func testQuotes() {
        XCTAssertEqual(parseFailure(#"{"abc}"#), "unterminated quoted string")
        XCTAssertEqual(parseFailure(#"{"\q"}"#), #"unquote string "\q" error invalid syntax"#)
        XCTAssertEqual(parseFailure(#"{"\'"}"#), #"unquote string "\'" error invalid syntax"#)
        // A backslash before the closing quote escapes it: the string never ends.
        XCTAssertEqual(parseFailure(#"{"\\"}"#), "unterminated quoted string")
    }

    func testCharactersAndNumbers() {
        XCTAssertEqual(parseFailure("{(}"), "unrecognized character in action: U+0028 '('")
        XCTAssertEqual(parseFailure("{\t}"), "unrecognized character in action: U+0009")
        XCTAssertEqual(parseFailure("{.a=}"), nil) // `=` belongs to the field name
        XCTAssertEqual(parseFailure("{....a}"), "invalid multiple recursive descent")
        XCTAssertEqual(parseFailure("{-}"), "cannot parse number -")
        XCTAssertEqual(parseFailure("{1.2.3}"), "cannot parse number 1.2.3")
        XCTAssertEqual(parseFailure("{..*}"), "unrecognized character in action: U+002A '*'")
    }

    func testWhatParses() {
        for template in ["", "plain text", "}", "{}", "{ }", "{@}", "{$.kind}", "{.}", "{..}", "{range}{end}",
                         "{.items[]}", "{.items[*]}", "{.items[:]}", "{.items[::]}", "{.a[-1:]}", "{1.}", "{+5}",
                         "{['a}b']}", #"{"\u00e9\x41\101"}"#, "{'a\\'b'}", "{true}{false}"] {
            XCTAssertNil(parseFailure(template), template)
        }
    }
}
