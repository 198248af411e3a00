import Template
import XCTest
import YAML

/// Template → expected output, as Go's text/template with slim-sprig prints it.
final class RenderTableTests: XCTestCase {
    private let cases: [(String, String)] = [
        // text, actions, trim markers, comments
        ("plain text", "plain text"),
        ("a << inputs.tag >> b", "a 6.0.4 b"),
        ("a  <<- inputs.tag ->>  b", "a6.0.4b"),
        ("x\n  <<- /* comment */ ->>\ny", "xy"),
        ("<</* only a comment */>>z", "z"),
        ("<<- 3 >>", "3"),
        ("<< -3 >>", "-3"),
        // chains on the inputs function, variables and parenthesised pipelines
        ("<< inputs.provider.name >>", "app-tags"),
        ("<< $p := inputs.provider >><< $p.kind >>", "ResourceSetInputProvider"),
        ("<< (inputs).provider.namespace >>", "apps"),
        ("<< (index inputs \"provider\").name >>", "app-tags"),
        ("<< $ >>", "<no value>"),
        ("<< inputs.none >>", "<no value>"),
        ("<< print inputs.none >>", "<nil>"),
        // printing like fmt's %v
        ("<< inputs.replicas >> << inputs.ratio >> << inputs.big >> << inputs.enabled >>", "2 1.5 1e+06 true"),
        ("<< inputs.list >>", "[a b c]"),
        ("<< inputs.map >>", "map[a:1 b:2]"),
        ("<< 1.0 >> << 1e3 >> << 0x10 >> << 'a' >>", "1 1000 16 97"),
        ("<< 100000.0 >> << 0.0001 >> << 0.00001 >>", "100000 0.0001 1e-05"),
        // if / else if / else, with, truthiness
        ("<< if inputs.enabled >>yes<< else >>no<< end >>", "yes"),
        ("<< if inputs.empty >>a<< else if inputs.list >>b<< else >>c<< end >>", "b"),
        ("<< if inputs.none >>a<< else >>b<< end >>", "b"),
        ("<< if 0 >>a<< else if 0.0 >>b<< else if \"\" >>c<< else >>d<< end >>", "d"),
        ("<< with inputs.provider >><< .name >><< end >>", "app-tags"),
        ("<< with inputs.empty >>x<< else with inputs.tag >><< . >><< end >>", "6.0.4"),
        ("<< with inputs.empty >>x<< else >>none<< end >>", "none"),
        // range over lists, maps (sorted keys), ints; else; break/continue; variables
        ("<< range inputs.list >>[<< . >>]<< end >>", "[a][b][c]"),
        ("<< range $i, $v := inputs.list >><< $i >>=<< $v >> << end >>", "0=a 1=b 2=c "),
        ("<< range $k, $v := inputs.map >><< $k >>:<< $v >>,<< end >>", "a:1,b:2,"),
        ("<< range list >>x<< else >>empty<< end >>", "empty"),
        ("<< range inputs.none >>x<< else >>nil<< end >>", "nil"),
        ("<< range 3 >><< . >><< end >>", "012"),
        ("<< range inputs.list >><< if eq . \"b\" >><< break >><< end >><< . >><< end >>", "a"),
        ("<< range inputs.list >><< if eq . \"b\" >><< continue >><< end >><< . >><< end >>", "ac"),
        ("<< $x := 1 >><< range inputs.list >><< $x = . >><< end >><< $x >>", "c"),
        ("<< range inputs.list >><< inputs.none >><< end >>", "<no value><no value><no value>"),
        // define / template / block
        ("<< define \"n\" >>[<< . >>]<< end >><< template \"n\" inputs.tag >>", "[6.0.4]"),
        ("<< block \"b\" inputs.id >>id=<< . >><< end >>", "id=48955639"),
        // comparisons
        ("<< eq inputs.tag \"6.0.4\" >> << eq inputs.replicas 2 >> << eq 1 2 3 1 >>", "true true true"),
        ("<< ne inputs.tag \"x\" >> << lt 1 2 >> << le 2 2 >> << gt 1.5 2.5 >> << ge \"b\" \"a\" >>", "true true true false true"),
        ("<< eq inputs.none \"x\" >> << eq inputs.none nil >>", "false true"),
        // and/or/not short-circuit and return operands
        ("<< and 1 0 2 >> << and 1 2 >> << or 0 \"\" >> << or 0 \"x\" >> << not 0 >>", "0 2  x true"),
        ("<< or inputs.tag inputs.nope >>", "6.0.4"),
        ("<< and inputs.empty inputs.nope >>", ""),
        // len, index, slice (sprig's), print*, printf
        ("<< len inputs.list >> << len inputs.tag >> << len inputs.map >>", "3 5 2"),
        ("<< index inputs.list 1 >> << index inputs \"provider\" \"kind\" >> << index inputs.map \"zz\" >>", "b ResourceSetInputProvider <no value>"),
        ("<< slice inputs.list 1 >> << slice inputs.list 0 2 >>", "[b c] [a b]"),
        ("<< print \"a\" 1 2 \"b\" >>|<< println \"x\" 1 >>|", "a1 2b|x 1\n|"),
        ("<< printf \"%s-%d-%v-%q-%5.2f-%x-%t-%%-%03d\" \"s\" 42 inputs.list \"q\" 3.14159 \"hi\" true 7 >>", "s-42-[a b c]-\"q\"- 3.14-6869-true-%-007"),
        ("<< printf \"%d\" \"x\" >> << printf \"%s\" >> << printf \"%-4s|\" \"ab\" >>", "%!d(string=x) %!s(MISSING) ab  |"),
        ("<< html \"<a&b>\" >> << js \"it's\" >> << urlquery \"a b&c\" >>", "&lt;a&amp;b&gt; it\\'s a+b%26c"),
        // sprig strings
        ("<< inputs.tag | quote >> << quote \"a\" 1 >> << squote inputs.tag >>", "\"6.0.4\" \"a\" \"1\" '6.0.4'"),
        ("<< upper \"ab\" >> << lower \"AB\" >> << title \"hello wide-world\" >>", "AB ab Hello Wide-World"),
        ("<< trim \"  x  \" >>|<< trimPrefix \"v\" \"v1.2\" >>|<< trimSuffix \"-rc\" \"1-rc\" >>|<< trimAll \"$\" \"$$5$\" >>", "x|1.2|1|5"),
        ("<< replace \".\" \"-\" inputs.tag >> << trunc 3 \"abcdef\" >> << trunc -2 \"abcdef\" >>", "6-0-4 abc ef"),
        ("<< contains \"0.4\" inputs.tag >> << hasPrefix \"6.\" inputs.tag >> << hasSuffix \"x\" inputs.tag >>", "true true false"),
        ("<< repeat 3 \"ab\" >> << cat \"a\" 1 nil \"b\" >> << substr 1 3 \"abcdef\" >>", "ababab a 1 b bc"),
        ("<< \"a\\nb\" | indent 2 >>|<< \"a\\nb\" | nindent 4 >>", "  a\n  b|\n    a\n    b"),
        ("<< join \",\" inputs.list >> << splitList \".\" inputs.tag >> << (split \".\" inputs.tag)._1 >>", "a,b,c [6 0 4] 0"),
        ("<< split \"/\" \"a/b\" >>", "map[_0:a _1:b]"),
        ("<< b64enc \"hello\" >> << b64dec \"aGVsbG8=\" >> << b64dec \"!!\" >>", "aGVsbG8= hello illegal base64 data at input byte 0"),
        ("<< sha256sum \"abc\" >>", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("<< adler32sum \"6.0.4\" >>", "48955639"),
        // conversions and arithmetic
        ("<< int \"42\" >> << int64 3.9 >> << float64 \"1.5\" >> << atoi \"7\" >> << toString 5 >> << int \"x\" >>", "42 3 1.5 7 5 0"),
        ("<< add 1 2 3 >> << sub 5 2 >> << mul 2 3 4 >> << div 7 2 >> << mod 7 2 >> << add1 inputs.replicas >>", "6 3 24 3 1 3"),
        ("<< max 1 5 3 >> << min 4 2 8 >> << add \"2\" 1.9 >>", "5 2 3"),
        // defaults
        ("<< default \"d\" inputs.empty >> << default \"d\" inputs.tag >> << inputs.none | default \"n\" >>", "d 6.0.4 n"),
        ("<< empty inputs.empty >> << empty inputs.list >> << empty 0 >> << empty inputs.none >>", "true false true true"),
        ("<< coalesce inputs.empty inputs.none \"c\" >> << ternary \"y\" \"n\" true >> << ternary \"y\" \"n\" false >>", "c y n"),
        // lists and dicts
        ("<< list 1 \"a\" >> << first inputs.list >> << last inputs.list >> << rest inputs.list >>", "[1 a] a c [b c]"),
        ("<< $d := dict \"k\" \"v\" \"n\" 1 >><< $d.k >> << get $d \"n\" >> << get $d \"zz\" >>|<< hasKey $d \"k\" >>", "v 1 |true"),
        ("<< keys inputs.map >> << values inputs.map >> << sortAlpha (list \"b\" \"a\") >>", "[a b] [1 2] [a b]"),
        ("<< $d := dict >><< $d = set $d \"a\" 1 >><< $d >>", "map[a:1]"),
        ("<< append inputs.list \"d\" >> << prepend inputs.list \"z\" >> << has \"b\" inputs.list >> << uniq (list 1 1 2) >>", "[a b c d] [z a b c] true [1 2]"),
        ("<< without inputs.list \"b\" >> << concat (list 1) (list 2) >> << reverse inputs.list >>", "[a c] [1 2] [c b a]"),
        // serialisation: Flux's toYaml keeps the final newline
        ("<< toYaml inputs.map >>", "a: 1\nb: 2\n"),
        ("<< toYaml inputs.provider | nindent 2 >>", "\n  apiVersion: fluxcd.controlplane.io/v1\n  kind: ResourceSetInputProvider\n  name: app-tags\n  namespace: apps\n  "),
        ("<< toJson inputs.map >> << toJson inputs.list >> << mustToJson \"<&>\" >>", "{\"a\":1,\"b\":2} [\"a\",\"b\",\"c\"] \"\\u003c\\u0026\\u003e\""),
        ("<< (fromJson \"{\\\"a\\\":[1,2]}\").a >>", "[1 2]"),
        ("<< kindOf inputs.map >> << typeOf inputs.list >> << kindIs \"string\" inputs.tag >>", "map []interface {} true"),
        ("<< slugify \"Hello World!\" >>", "hello-world"),
        ("<< base \"a/b/c.yaml\" >>", "c.yaml"),
    ]

    func testTable() throws {
        for (template, expected) in cases {
            XCTAssertEqual(try render(template, sampleInputs), expected, template)
        }
    }

    func testDotIsTheDataPassedToRender() throws {
        let t = try GoTemplate("<< .tag >>/<< inputs.tag >>")
        XCTAssertEqual(try t.render(data: ["tag": "d"], inputs: ["tag": "i"], now: testNow), "d/i")
    }

    func testCustomDelimiters() throws {
        let t = try GoTemplate("{{ .a }} << x >>", leftDelimiter: "{{", rightDelimiter: "}}")
        XCTAssertEqual(try t.render(data: ["a": 1], inputs: [:], now: testNow), "1 << x >>")
    }
}
