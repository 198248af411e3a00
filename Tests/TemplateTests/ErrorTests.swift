import Template
import XCTest
import YAML

/// Error messages as Go's text/template words them. Columns are Go's: 0-based bytes in the line.
final class ErrorTests: XCTestCase {
    private let cases: [(String, String)] = [
        // missingkey=error; a chain on a function reports the function identifier, as Go does
        ("<< inputs.nope >>", #"template: t:1:3: executing "t" at <inputs>: map has no entry for key "nope""#),
        ("a\nb: << inputs.provider.nope >>", #"template: t:2:6: executing "t" at <inputs>: map has no entry for key "nope""#),
        ("<< $p := inputs.provider >><< $p.nope >>", #"template: t:1:32: executing "t" at <$p.nope>: map has no entry for key "nope""#),
        // Flux executes with nil data
        ("<< .tag >>", #"template: t:1:3: executing "t" at <.tag>: nil data; no entry for key "tag""#),
        ("<< inputs.none.x >>", #"template: t:1:3: executing "t" at <inputs>: nil pointer evaluating interface {}.x"#),
        ("<< inputs.tag.x >>", #"template: t:1:3: executing "t" at <inputs>: can't evaluate field x in type interface {}"#),
        ("<< range inputs.empty >>x<< end >>", #"template: t:1:9: executing "t" at <inputs>: range can't iterate over "#),
        // unknown functions fail at parse time with the line
        ("a\n<< now >>", #"template: t:2: function "now" not defined"#),
        ("<< inputs.tag | required \"x\" >>", #"template: t:1: function "required" not defined"#),
        ("<< env \"HOME\" >>", #"template: t:1: function "env" not defined"#),
        ("<< randAlpha 5 >>", #"template: t:1: function "randAlpha" not defined"#),
        ("<< lookup \"v1\" >>", #"template: t:1: function "lookup" not defined"#),
        // parse errors
        ("<< if true >>x", "template: t:1: unexpected EOF"),
        ("<< end >>", "template: t:1: unexpected <<end>>"),
        ("<< $x >>", #"template: t:1: undefined variable "$x""#),
        ("<< break >>", "template: t:1: {{break}} outside {{range}}"),
        ("<< inputs.tag", "template: t:1: unclosed action"),
        ("<< \"x\" | 3 >>", "template: t:1: non executable command in pipeline stage 2"),
        ("<< ) >>", "template: t:1: unexpected right paren"),
        // function errors
        ("<< fail \"stop here\" >>", #"template: t:1:3: executing "t" at <fail "stop here">: error calling fail: stop here"#),
        ("<< eq 1 1.0 >>", #"template: t:1:3: executing "t" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64"#),
        ("<< lt inputs.list 1 >>", #"template: t:1:3: executing "t" at <lt inputs.list 1>: error calling lt: invalid type for comparison"#),
        ("<< div 1 0 >>", #"template: t:1:3: executing "t" at <div 1 0>: error calling div: runtime error: integer divide by zero"#),
        ("<< first \"x\" >>", #"template: t:1:3: executing "t" at <first "x">: error calling first: Cannot find first on type string"#),
        ("<< index inputs.list 5 >>", #"template: t:1:3: executing "t" at <index inputs.list 5>: error calling index: index out of range: 5"#),
        ("<< lower 3 >>", #"template: t:1:9: executing "t" at <3>: expected string; found 3"#),
        ("<< upper inputs.replicas >>", #"template: t:1:9: executing "t" at <inputs>: wrong type for value; expected string; got int"#),
        ("<< upper inputs.ratio >>", #"template: t:1:9: executing "t" at <inputs>: wrong type for value; expected string; got float64"#),
        ("<< quote >><< upper >>", #"template: t:1:14: executing "t" at <upper>: wrong number of args for upper: want 1 got 0"#),
        ("<< nil >>", #"template: t:1:3: executing "t" at <nil>: nil is not a command"#),
        ("<< define \"x\" >><< end >><< template \"y\" >>", #"template: t:1:37: executing "t" at <template "y">: template "y" not defined"#),
    ]

    func testMessages() {
        for (template, expected) in cases {
            XCTAssertEqual(failure(template, sampleInputs), expected, template)
        }
    }

    func testErrorsInDefinedTemplatesNameThem() {
        XCTAssertEqual(failure("<< define \"d\" >><< inputs.nope >><< end >><< template \"d\" >>", sampleInputs, name: "app"),
                       #"template: app:1:19: executing "d" at <inputs>: map has no entry for key "nope""#)
    }

    func testErrorIsPrintable() throws {
        do {
            _ = try GoTemplate("<< now >>", name: "resourceset")
            XCTFail("expected a parse error")
        } catch let e as TemplateError {
            XCTAssertEqual("\(e)", #"template: resourceset:1: function "now" not defined"#)
        }
    }
}
