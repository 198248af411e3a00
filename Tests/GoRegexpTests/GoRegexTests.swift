import GoRegexp
import XCTest

final class GoRegexTests: XCTestCase {
    private func error(_ pattern: String) -> GoRegexError? {
        do { _ = try GoRegex(pattern); return nil } catch { return error }
    }

    func testRejectsWhatGoRejects() {
        XCTAssertEqual(error("(?=a)")?.description, "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")
        XCTAssertEqual(error("(a)\\1")?.description, "error parsing regexp: invalid escape sequence: `\\1`")
        XCTAssertEqual(error("a++")?.description, "error parsing regexp: invalid nested repetition operator: `++`")
        XCTAssertEqual(error("a{1001}")?.description, "error parsing regexp: invalid repeat count: `{1001}`")
        XCTAssertEqual(error("a\\Z")?.description, "error parsing regexp: invalid escape sequence: `\\Z`")
        XCTAssertEqual(error("a\\C")?.description, "error parsing regexp: invalid escape sequence: `\\C`")
        XCTAssertEqual(error("(?<=a)b")?.description, "error parsing regexp: invalid named capture: `(?<=a)b`")
        XCTAssertEqual(error("(?<!a)>b")?.description, "error parsing regexp: invalid named capture: `(?<!a)>`")
        XCTAssertEqual(error("(abc")?.code, .missingParen)
        XCTAssertEqual(error("abc)")?.code, .unexpectedParen)
        XCTAssertEqual(error("[a")?.code, .missingBracket)
        XCTAssertEqual(error("*a")?.code, .missingRepeatArgument)
        XCTAssertEqual(error("(?<>a)")?.description, "error parsing regexp: invalid named capture: `(?<>`")
        XCTAssertEqual(error("(?<a-b>x)")?.code, .invalidNamedCapture)
        XCTAssertEqual(error("(?=a)")?.pattern, "(?=a)")
    }

    func testAcceptsWhatGoAccepts() throws {
        for pattern in ["\\pL", "\\p{Greek}", "(?P<n>a)", "(?<n>a)", "(?i)abc", "(?U)a+", "[[:alpha:]]+", "\\bapi\\b",
                        "a{1000}", "\\Qa.b\\E", "(?s).", "x*", "^$", "[\\d\\s]", "\\z", "\\A",
                        "(?P<n>a)(?P<n>b)" /* Go allows duplicate names */] {
            XCTAssertNil(error(pattern), pattern)
        }
    }

    func testMatchingIsAnUnanchoredSearch() throws {
        XCTAssertTrue(try GoRegex("latest").matches("v1-latest"))
        XCTAssertFalse(try GoRegex("^latest$").matches("v1-latest"))
        XCTAssertTrue(try GoRegex("(?i)^latest$").matches("LaTeSt"))
        XCTAssertTrue(try GoRegex("(?<kind>app|api)-(?P<name>\\w+)").matches("app-web"))
        XCTAssertTrue(try GoRegex("\\pL+").matches("é"))
        XCTAssertTrue(try GoRegex("^.$").matches("é")) // UTF-8, one rune
        XCTAssertTrue(try GoRegex("x*").matches(""))
        XCTAssertTrue(try GoRegex("^$").matches(""))
    }

    func testRewriteLeavesLiteralTextAlone() throws {
        // An escaped paren, a class and \Q...\E all hold "(?<" as plain text.
        XCTAssertTrue(try GoRegex("\\(?<x>").matches("<x>"))
        XCTAssertTrue(try GoRegex("[(?<]+x>").matches("(?<x>"))
        XCTAssertTrue(try GoRegex("\\Q(?<x>\\E").matches("a(?<x>b"))
    }

    func testPathologicalPatternIsLinear() throws {
        let regex = try GoRegex("(a*)*b")
        let tag = String(repeating: "a", count: 100)
        let tags = Array(repeating: tag, count: 10_000)
        let start = Date()
        XCTAssertFalse(tags.contains { regex.matches($0) })
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.0)
    }

    func testConcurrentMatching() throws {
        let regex = try GoRegex("^v[0-9]+$")
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for j in 0..<1000 { XCTAssertTrue(regex.matches("v\(i * 1000 + j)")) }
        }
    }
}

/// The regexp.Regexp methods the template functions use, against Go's documented examples.
final class GoRegexMethodTests: XCTestCase {
    func testFindAllFollowsGosEmptyMatchRules() throws {
        let re = try GoRegex("a*")
        XCTAssertEqual(re.findAllStrings("baaab", limit: -1), ["", "aaa", ""])  // no empty match right after "aaa"
        XCTAssertEqual(try GoRegex("x").findAllStrings("abc", limit: -1), nil)
        XCTAssertEqual(try GoRegex("[0-9]").findAllStrings("a1b2c3", limit: 2), ["1", "2"])
        XCTAssertEqual(try GoRegex("é|b").findString("aéb"), "é")
    }

    func testReplaceAllExpandsLikeGo() throws {
        let re = try GoRegex("a(x*)b")
        XCTAssertEqual(re.replaceAll("-ab-axxb-", with: "T"), "-T-T-")
        XCTAssertEqual(re.replaceAll("-ab-axxb-", with: "$1"), "--xx-")
        XCTAssertEqual(re.replaceAll("-ab-axxb-", with: "$1W"), "---")
        XCTAssertEqual(re.replaceAll("-ab-axxb-", with: "${1}W"), "-W-xxW-")
        XCTAssertEqual(re.replaceAll("-ab-axxb-", with: "${1}W", literal: true), "-${1}W-${1}W-")
        XCTAssertEqual(try GoRegex("(?<key>\\w+)=(\\d+)").replaceAll("a=1 b=2", with: "$2:${key}$$"), "1:a$ 2:b$")
        XCTAssertEqual(try GoRegex("x*").replaceAll("abc", with: "-"), "-a-b-c-")
        XCTAssertEqual(try GoRegex("").replaceAll("é", with: "-"), "-é-")
    }

    func testSplitIsRegexpSplit() throws {
        XCTAssertEqual(try GoRegex("a*").split("abaabaccadaaae", limit: 5), ["", "b", "b", "c", "cadaaae"])
        XCTAssertEqual(try GoRegex("").split("abc", limit: -1), ["a", "b", "c"])
        XCTAssertEqual(try GoRegex("x").split("", limit: -1), [""])
        XCTAssertEqual(try GoRegex("x").split("axb", limit: 0), nil)
        XCTAssertEqual(try GoRegex("(?P<first>a)(b)").groupNames, ["", "first", ""])
        XCTAssertEqual(GoRegex.quoteMeta("1.5+[x]"), "1\\.5\\+\\[x\\]")
    }
}
