@testable import kubectl_rsip
import XCTest

final class ArgvNormalizerTests: XCTestCase {
    func testKubectlSpellingsBecomeArgumentParserSpellings() {
        let cases: [([String], [String])] = [
            (["get", "-n", "apps"], ["get", "-n", "apps"]),
            (["get", "-n=apps"], ["get", "-n", "apps"]),
            (["get", "-napps"], ["get", "-n", "apps"]),
            (["get", "-oyaml"], ["get", "-o", "yaml"]),
            (["get", "-o=json"], ["get", "-o", "json"]),
            (["get", "-v=9"], ["get", "-v", "9"]),
            (["get", "--v=9"], ["get", "--v=9"]),
            (["get", "-lapp=x,tier!=db"], ["get", "-l", "app=x,tier!=db"]),
            (["get", "--no-headers=true"], ["get", "--no-headers"]),
            (["get", "--no-headers=false"], ["get"]),
            (["get", "-A=false"], ["get"]),
            (["get", "-A"], ["get", "-A"]),
            (["reconcile", "x", "--wait=false"], ["reconcile", "x", "--no-wait"]),
            (["reconcile", "x", "--wait=true"], ["reconcile", "x", "--wait"]),
            (["get", "--", "-oyaml"], ["get", "--", "-oyaml"]),
            (["get", "--namespace=apps"], ["get", "--namespace=apps"]),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(ArgvNormalizer.normalize(input), expected, "\(input)")
        }
    }
}

final class UsageErrorTests: XCTestCase {
    func testArgumentParserMessagesReadLikePflag() {
        XCTAssertEqual(UsageError.kubectlWording("Unknown option '--bogus'"), "unknown flag: --bogus")
        XCTAssertEqual(UsageError.kubectlWording("Unknown option '-x'"), "unknown shorthand flag: 'x' in -x")
        XCTAssertEqual(UsageError.kubectlWording("Unknown option '--namespaces'. Did you mean '--namespace'?"),
                       "unknown flag: --namespaces (did you mean --namespace?)")
        XCTAssertEqual(UsageError.kubectlWording("Missing value for '-o <output>'"), "missing value for '-o <output>'")
        XCTAssertEqual(UsageError.subcommand(in: ["-n", "x", "get", "--bogus"]), "get")
        XCTAssertNil(UsageError.subcommand(in: ["--bogus"]))
    }
}
