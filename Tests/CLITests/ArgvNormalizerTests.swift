import Analysis
@testable import kubectl_rsip
import XCTest

final class ArgvNormalizerTests: XCTestCase {
    /// pflag's spellings become argument-parser's; options get their value attached, so a value
    /// that starts with `-` is a value, as pflag reads it.
    func testKubectlSpellingsBecomeArgumentParserSpellings() {
        let cases: [([String], [String])] = [
            (["get", "-n", "apps"], ["get", "-n", "apps"]),  // argument-parser reads it as pflag does
            (["get", "-n=apps"], ["get", "--namespace=apps"]),
            (["get", "-napps"], ["get", "--namespace=apps"]),
            (["get", "-oyaml"], ["get", "--output=yaml"]),
            (["get", "-o=json"], ["get", "--output=json"]),
            (["get", "-v=9"], ["get", "--v=9"]),
            (["get", "--v=9"], ["get", "--v=9"]),
            (["get", "-v", "9"], ["get", "-v", "9"]),
            (["get", "-A", "-n", "apps"], ["get", "-A", "--namespace=apps"]),
            (["get", "-lapp=x,tier!=db"], ["get", "--selector=app=x,tier!=db"]),
            (["get", "--no-headers=true"], ["get", "--no-headers"]),
            (["get", "--no-headers=false"], ["get"]),
            (["get", "-A=false"], ["get"]),
            (["get", "-A"], ["get", "-A"]),
            (["reconcile", "x", "--wait=false"], ["reconcile", "x", "--no-wait"]),
            (["reconcile", "x", "--wait=true"], ["reconcile", "x", "--wait"]),
            (["get", "--", "-oyaml"], ["get", "--", "-oyaml"]),
            (["get", "--namespace=apps"], ["get", "--namespace=apps"]),
            (["get", "--namespace", "apps"], ["get", "--namespace", "apps"]),
            (["simulate", "x", "--limit", "-1"], ["simulate", "x", "--limit=-1"]),
            (["get", "-n", "-x"], ["get", "--namespace=-x"]),
            (["suspend", "x", "--dry-run"], ["suspend", "x", "--dry-run=client"]),
            (["suspend", "x", "--dry-run", "y"], ["suspend", "x", "--dry-run=client", "y"]),
            (["suspend", "x", "--dry-run=server"], ["suspend", "x", "--dry-run=server"]),
            (["get", "--bogus", "x"], ["get", "--bogus", "x"]),
            (["simulate", "x", "--include-tag", "", "-A"], ["simulate", "x", "--include-tag", "", "-A"]),
            (["nope", "-n", "x"], ["nope", "-n", "x"]),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(ArgvNormalizer.normalize(input), expected, "\(input)")
        }
    }
}

final class UsageErrorTests: XCTestCase {
    func testArgumentParserMessagesReadLikePflag() {
        XCTAssertEqual(PflagWording.message("Unknown option '--bogus'"), "unknown flag: --bogus")
        XCTAssertEqual(PflagWording.message("Unknown option '-x'"), "unknown shorthand flag: 'x' in -x")
        XCTAssertEqual(PflagWording.message("Unknown option '--namespaces'. Did you mean '--namespace'?"),
                       "unknown flag: --namespaces (did you mean --namespace?)")
        XCTAssertEqual(PflagWording.message("Missing value for '-o <output>'"), "flag needs an argument: -o")
        XCTAssertEqual(PflagWording.message("The value 'abc' is invalid for '--limit <n>'"),
                       "invalid argument \"abc\" for \"--limit\" flag")
        XCTAssertEqual(PflagWording.subcommand(in: ["get", "--bogus"]), "get")
        XCTAssertNil(PflagWording.subcommand(in: ["--bogus"]))
    }

    func testSuggestionsAreCobras() {
        XCTAssertEqual(Suggestions.for("gte", among: ["get", "diff", "reconcile"]), ["get"])
        XCTAssertEqual(Suggestions.for("reconcle", among: ["get", "diff", "reconcile"]), ["reconcile"])
        XCTAssertEqual(Suggestions.for("recon", among: ["get", "diff", "reconcile"]), ["reconcile"], "a prefix")
        XCTAssertEqual(Suggestions.for("zzzzz", among: ["get", "diff"]), [])
        XCTAssertEqual(Suggestions.distance("kitten", "sitting"), 3)
    }
}
