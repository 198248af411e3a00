import Template
import XCTest
import YAML

/// slim-sprig v3.0.0 functions beyond the everyday ones, as Go's text/template prints them
/// (expected texts from Go's and sprig's documentation and sources).
final class SprigFunctionTableTests: XCTestCase {
    private let cases: [(String, String)] = [
        // strings, encodings, hashes
        ("<< hello >>", "Hello!"),
        ("<< sha1sum \"abc\" >>", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("<< b32enc \"hello\" >> << b32enc \"a\" >> << b32dec \"NBSWY3DP\" >> << b32dec \"ME======\" >>", "NBSWY3DP ME====== hello a"),
        ("<< b32dec \"!!\" >>|<< b32dec \"ME=\" >>", "illegal base32 data at input byte 0|illegal base32 data at input byte 3"),
        ("<< (splitn \"-\" 2 \"a-b-c\")._1 >> << splitn \"-\" 2 \"a-b-c\" >> << splitn \"-\" 0 \"a\" >>", "b-c map[_0:a _1:b-c] map[]"),
        ("<< regexQuoteMeta \"1.5+[x]\" >>", "1\\.5\\+\\[x\\]"),
        // numbers and sequences: []int prints like a list
        ("<< seq 3 >>|<< seq 2 5 >>|<< seq 5 2 >>|<< seq 0 2 6 >>|<< seq 0 >>|<< seq >>|<< seq 6 2 0 >>", "1 2 3|2 3 4 5|5 4 3 2|0 2 4 6|1 0||"),
        ("<< until 3 >> << until -2 >> << untilStep 0 10 3 >> << untilStep 0 10 -1 >> << join \",\" (until 4) >>", "[0 1 2] [0 -1] [0 3 6 9] [] 0,1,2,3"),
        ("<< toDecimal \"0777\" >> << toDecimal 777 >> << toDecimal \"9\" >> << toDecimal inputs.ratio >>", "511 511 0 0"),
        ("<< randInt 5 6 >>", "5"),
        // defaults
        ("<< all 1 \"a\" (list 1) >> << all 1 \"\" >> << all >> << any 0 \"\" nil >> << any 0 \"x\" >> << any >>", "true false true false true false"),
        // JSON flavours
        ("<< toPrettyJson (dict \"a\" 1 \"b\" (list 1 2) \"c\" (dict)) >>", "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {}\n}"),
        ("<< toRawJson (dict \"a\" \"<&>\") >> << toJson (dict \"a\" \"<&>\") >> << mustToRawJson (list \"<\") >>", "{\"a\":\"<&>\"} {\"a\":\"\\u003c\\u0026\\u003e\"} [\"<\"]"),
        ("<< toJson (float64 \"NaN\") >>|<< toPrettyJson (float64 \"Inf\") >>|", "||"),
        // typed values: typeOf, kindOf, typeIs, deepEqual
        ("<< typeOf 1 >> << typeOf (add 1 2) >> << kindOf (len inputs.list) >> << typeOf inputs.ratio >> << typeOf (index \"abc\" 0) >>", "int int64 int float64 uint8"),
        ("<< typeOf (splitList \",\" \"a\") >> << typeOf (split \",\" \"a\") >> << typeOf (until 2) >> << typeOf (chunk 1 (list 1)) >>", "[]string map[string]string []int [][]interface {}"),
        ("<< typeOf nil >> << kindOf nil >> << kindOf (until 1) >> << typeOf (toDate \"2006\" \"2024\") >> << kindOf (toDate \"2006\" \"2024\") >>", "<nil> invalid slice time.Time struct"),
        ("<< typeIs \"string\" \"a\" >> << typeIs \"int\" 2.0 >> << typeIsLike \"int\" 1 >> << typeIsLike \"[]string\" (keys inputs.map) >>", "true false true true"),
        ("<< deepEqual (list 1 2) (list 1 2) >> << deepEqual 2 2.0 >> << deepEqual (add 1 1) 2 >> << deepEqual inputs.map (dict \"a\" 1 \"b\" 2) >>", "true false false true"),
        ("<< deepEqual (splitList \",\" \"a,b\") (list \"a\" \"b\") >> << deepEqual (splitList \",\" \"a,b\") (splitList \",\" \"a,b\") >> << deepEqual nil nil >>", "false true true"),
        ("<< printf \"%T %T %d %s\" (add 1 2) (splitList \",\" \"a\") (add 1 2) (add 1 2) >>", "int64 []string 3 %!s(int64=3)"),
        ("<< eq (add 1 1) 2 >> << index (split \",\" \"a\") \"_5\" | quote >> << index (until 3) 2 >>", "true \"\" 2"),
        // nil slices print as [] but marshal as null
        ("<< rest list >> << toJson (rest list) >> << reverse list >> << toJson (reverse list) >> << toJson (regexFindAll \"x\" \"abc\" -1) >>", "[] null [] [] null"),
        // paths (path, and path/filepath on Linux)
        ("<< dir \"a/b/c\" >> << dir \"c\" >> << dir \"/a\" >> << osDir \"a/b/\" >>", "a/b . / a/b"),
        ("<< clean \"a//b/../c/.\" >> << clean \"/../x\" >> << clean \"\" >> << clean \"../../a\" >> << osClean \"a/./b/\" >>", "a/c /x . ../../a a/b"),
        ("<< ext \"a/b.tar.gz\" >>|<< ext \"a.b/c\" >>|<< osExt \"x.y\" >>|<< isAbs \"/x\" >>|<< osIsAbs \"x\" >>|<< osBase \"/a/b/\" >>|<< base \"///\" >>", ".gz||.y|true|false|b|/"),
        // dicts and lists
        ("<< pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3) >> << pick (dict \"a\" 1 \"b\" 2 \"c\" 3) \"a\" \"c\" \"z\" >> << omit (dict \"a\" 1 \"b\" 2) \"a\" >>", "[1 3] map[a:1 c:3] map[b:2]"),
        ("<< dig \"a\" \"b\" \"none\" (dict \"a\" (dict \"b\" 1)) >> << dig \"a\" \"x\" \"none\" (dict \"a\" (dict \"b\" 1)) >> << dig \"provider\" \"kind\" \"?\" inputs >>", "1 none ResourceSetInputProvider"),
        ("<< chunk 2 (list 1 2 3) >> << chunk 3 list >> << mustChunk 1 (list \"a\") >>", "[[1 2] [3]] [] [[a]]"),
        // regular expressions, Go's regexp semantics
        ("<< regexMatch \"^v[0-9]+$\" \"v12\" >> << regexMatch \"(\" \"x\" >> << regexFind \"[0-9]+\" \"ab12cd34\" >> << regexFindAll \"[0-9]\" \"a1b2c3\" 2 >>", "true false 12 [1 2]"),
        ("<< regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"T\" >> << regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1\" >> << regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\" >> << regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" >>", "-T-T- --xx- --- -W-xxW-"),
        ("<< regexReplaceAll \"(?P<k>[a-z]+)=(?P<v>[0-9]+)\" \"a=1,b=2\" \"$v:$k $$\" >> << regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" >> << regexReplaceAll \"x*\" \"abc\" \"-\" >>", "1:a $,2:b $ -${1}-${1}- -a-b-c-"),
        ("<< toJson (regexSplit \"a*\" \"abaabaccadaaae\" 5) >> << toJson (regexSplit \"[-.]\" \"a-b.c\" -1) >> << toJson (regexSplit \"x\" \"\" -1) >> << toJson (regexSplit \"x\" \"a\" 0) >>", "[\"\",\"b\",\"b\",\"c\",\"cadaaae\"] [\"a\",\"b\",\"c\"] [\"\"] null"),
        // URLs
        ("<< $u := urlParse \"https://us%20er:pw@example.com:8443/a%20b?x=1#frag\" >><< $u.scheme >>|<< $u.host >>|<< $u.hostname >>|<< $u.path >>|<< $u.query >>|<< $u.fragment >>|<< $u.userinfo >>", "https|example.com:8443|example.com|/a b|x=1|frag|us%20er:pw"),
        ("<< urlParse \"mailto:x@y\" >>", "map[fragment: host: hostname: opaque:x@y path: query: scheme:mailto userinfo:]"),
        ("<< urlJoin (dict \"scheme\" \"https\" \"host\" \"example.com\" \"path\" \"/a b\" \"query\" \"x=1\" \"userinfo\" \"me\") >> << urlJoin (dict \"path\" \"a:b\") >>", "https://me@example.com/a%20b?x=1 ./a:b"),
        // dates: layouts as Go's time.Parse reads them, time.Local being UTC
        ("<< toDate \"2006-01-02\" \"2024-02-29\" >>|<< toDate \"2006-01-02\" \"x\" >>", "2024-02-29 00:00:00 +0000 UTC|0001-01-01 00:00:00 +0000 UTC"),
        ("<< toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-01T01:00:00+01:00\" >>|<< unixEpoch (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-01T01:00:00+01:00\") >>", "2024-01-01 01:00:00 +0100 +0100|1704067200"),
        ("<< toDate \"Jan 2, 2006 at 3:04pm (MST)\" \"Feb 3, 2013 at 7:54pm (PST)\" >>", "2013-02-03 19:54:00 +0000 PST"),
        ("<< toDate \"2006-01-02 15:04:05.000\" \"2024-05-06 07:08:09.120\" >> << (toDate \"2006-01-02\" \"2024-03-05\").Year >> << toJson (toDate \"2006-01-02\" \"2024-01-01\") >>", "2024-05-06 07:08:09.12 +0000 UTC 2024 \"2024-01-01T00:00:00Z\""),
        ("<< mustDateModify \"1h30m\" (toDate \"2006-01-02\" \"2024-01-01\") >> << must_date_modify \"-1s\" (toDate \"2006-01-02\" \"2024-01-01\") >>", "2024-01-01 01:30:00 +0000 UTC 2023-12-31 23:59:59 +0000 UTC"),
        ("<< duration 90 >> << duration \"90\" >> << duration (int64 3661) >> << duration inputs.ratio >>", "0s 1m30s 1h1m1s 0s"),
        ("<< durationRound \"2h10m\" >> << durationRound (int64 3000000000) >> << durationRound \"45h\" >> << durationRound \"x\" >> << durationRound \"-800h\" >>", "2h 3s 1d 0s 1mo"),
        ("<< ago \"not a time\" >>", "0s"),
        // The clock is the caller's (testNow, 2026-11-25T10:14:30Z), never the machine's.
        ("<< ago (int64 1795598070) >> << ago (toDate \"2006-01-02\" \"2026-11-25\") >> << durationRound (toDate \"2006-01-02\" \"2026-11-24\") >>",
         "1h0m0s 10h14m30s 1d"),
    ]

    func testTable() throws {
        for (template, expected) in cases {
            XCTAssertEqual(try render(template, sampleInputs), expected, template)
        }
    }

    private let errors: [(String, String)] = [
        ("<< regexFind \"(\" \"x\" >>", "error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"),
        ("<< mustRegexFind \"(\" \"x\" >>", "error calling mustRegexFind: error parsing regexp: missing closing ): `(`"),
        ("<< mustRegexMatch \"a**\" \"x\" >>", "error calling mustRegexMatch: error parsing regexp: invalid nested repetition operator: `**`"),
        ("<< dig \"a\" \"b\" \"d\" (dict \"a\" \"s\") >>", "error calling dig: interface conversion: interface {} is string, not map[string]interface {}"),
        ("<< dig 1 \"d\" (dict) >>", "error calling dig: interface conversion: interface {} is int, not string"),
        ("<< dig \"a\" \"d\" (split \",\" \"a\") >>", "error calling dig: interface conversion: interface {} is map[string]string, not map[string]interface {}"),
        ("<< dig \"a\" (dict) >>", "error calling dig: dig needs at least three arguments"),
        ("<< chunk 0 (list 1) >>", "error calling chunk: runtime error: makeslice: len out of range"),
        ("<< chunk 1 \"x\" >>", "error calling chunk: Cannot chunk type string"),
        ("<< randInt 1 1 >>", "error calling randInt: invalid argument to Intn"),
        ("<< urlParse \":x\" >>", "error calling urlParse: unable to parse url: parse \":x\": missing protocol scheme"),
        ("<< urlJoin (dict \"host\" 1) >>", "error calling urlJoin: unable to parse host key, must be of type string, but int found"),
        ("<< mustToDate \"2006-01-02\" \"2024-13-01\" >>", "error calling mustToDate: parsing time \"2024-13-01\": month out of range"),
        ("<< mustToDate \"2006-01-02\" \"24-01-01\" >>", "error calling mustToDate: parsing time \"24-01-01\" as \"2006-01-02\": cannot parse \"24-01-01\" as \"2006\""),
        ("<< mustToDate \"2006-01-02\" \"2023-02-29\" >>", "error calling mustToDate: parsing time \"2023-02-29\": day out of range"),
        ("<< mustToDate \"2006\" \"2024x\" >>", "error calling mustToDate: parsing time \"2024x\": extra text: \"x\""),
        ("<< mustDateModify \"x\" (toDate \"2006\" \"2024\") >>", "error calling mustDateModify: time: invalid duration \"x\""),
        ("<< mustDateModify \"1x\" (toDate \"2006\" \"2024\") >>", "error calling mustDateModify: time: unknown unit \"x\" in duration \"1x\""),
        ("<< unixEpoch \"x\" >>", "can't handle \"x\" for arg of type time.Time"),
        ("<< unixEpoch inputs.tag >>", "wrong type for value; expected time.Time; got string"),
        ("<< trunc (sub 5 2) \"abcdef\" >>", "wrong type for value; expected int; got int64"),
        ("<< keys (split \",\" \"a\") >>", "wrong type for value; expected map[string]interface {}; got map[string]string"),
        ("<< substr -1 10 \"abc\" >>", "error calling substr: runtime error: slice bounds out of range [:10] with length 3"),
        ("<< substr 5 2 \"abc\" >>", "error calling substr: runtime error: slice bounds out of range [5:2]"),
        ("<< call inputs.tag >>", "error calling call: non-function inputs.tag of type string"),
        ("<< call inputs.none 1 >>", "error calling call: call of nil"),
        ("<< mustToJson (float64 \"NaN\") >>", "error calling mustToJson: json: unsupported value: NaN"),
        ("<< lt (toDate \"2006\" \"2024\") 1 >>", "error calling lt: invalid type for comparison"),
        ("<< osAbs \"x\" >>", "template: t:1: function \"osAbs\" not defined"),
    ]

    func testErrors() {
        for (template, expected) in errors {
            let message = failure(template, sampleInputs) ?? "rendered"
            XCTAssertTrue(message.hasSuffix(expected), "\(template): \(message)")
        }
    }

    /// Go strings are bytes: a character cut in two stays two bytes, which the controller's YAML
    /// reader refuses, unless the halves meet again.
    func testByteSlicesOfCharacters() throws {
        XCTAssertEqual(try render("<< len (substr 0 1 \"Ü\") >> << trunc 1 \"Ü\" | len >>"), "1 1")
        XCTAssertEqual(try render("<< printf \"%s%s\" (substr 0 1 \"Ü\") (substr 1 2 \"Ü\") >>"), "Ü")
        XCTAssertEqual(try GoTemplate("<< substr 1 2 \"Ü\" >>").renderBytes(inputs: [:], now: testNow), [0x9C])
        XCTAssertEqual(try render("<< substr 1 2 \"Ü\" >>"), "\u{FFFD}")
    }
}
