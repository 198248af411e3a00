@testable import kubectl_rsip
import XCTest

/// What every command shares: parsing, usage errors, exit codes, help.
final class CommandLayerTests: XCTestCase {
    func testUnknownSubcommandSaysSoWithASuggestion() throws {
        let r = try Harness.seed().run("gte")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, """
            error: unknown command "gte" for "kubectl rsip"

            Did you mean this?
            \tget

            Run 'kubectl rsip --help' for usage.

            """)
        XCTAssertEqual(r.stdout, "")
    }

    func testHelpOnAnUnknownTopicIsAnError() throws {
        let r = try Harness.seed().run("help", "nope")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("error: unknown help topic \"nope\""), r.stderr)
        XCTAssertEqual(r.stdout, "")
        let known = try Harness.seed().run("help", "get")
        XCTAssertEqual(known.status, 0)
        XCTAssertTrue(known.stdout.hasPrefix("OVERVIEW: List ResourceSetInputProviders"), known.stdout)
    }

    func testVersionFlagAndCommandAgree() throws {
        let h = try Harness.seed()
        let flag = h.run("--version"), command = h.run("version")
        XCTAssertEqual(flag.status, 0)
        XCTAssertEqual(flag.stdout, command.stdout)
        XCTAssertTrue(flag.stdout.hasPrefix("kubectl-rsip: v\(Version.current)\n"), flag.stdout)
    }

    /// diff exits 2 for every usage error: a CI job reads 1 as drift.
    func testDiffUsageErrorsExitTwo() throws {
        let h = try Harness.seed()
        for args in [["diff", "--bogus"], ["diff", "x", "--registry-timeout", "abc"], ["diff", "x", "--concurrency", "0"],
                     ["diff", "x", "--concurrency=-3"], ["diff", "x", "-o", "xml"], ["diff"], ["diff", "x", "-l", "a=b"],
                     ["diff", "--concurrency"]] {
            let r = h.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("error: error:"), r.stderr)
            XCTAssertTrue(r.stderr.hasPrefix("error: "), "\(args): \(r.stderr)")
        }
        XCTAssertEqual(h.api.requests, [], "usage errors send nothing")
    }

    func testOtherCommandsExitOneOnUsageErrors() throws {
        let h = try Harness.seed()
        for args in [["get", "--bogus"], ["reconcile", "--timeout=abc", "x"], ["simulate", "--limit", "abc", "x"]] {
            XCTAssertEqual(h.run(args).status, 1, "\(args)")
        }
        XCTAssertEqual(h.run(["get", "--bogus"]).stderr, "error: unknown flag: --bogus\nSee 'kubectl rsip get --help' for usage.\n")
    }

    /// kubectl refuses NAME with -l before it sends anything, for every command.
    func testNameWithASelectorIsRefusedBeforeAnyRequest() throws {
        for command in ["get", "diff", "reconcile", "suspend", "resume"] {
            let h = try Harness.seed()
            let r = h.run(command, "app-microservices-tags", "-l", "app=x")
            XCTAssertEqual(r.stderr, "error: name cannot be provided when a selector is specified\n", command)
            XCTAssertEqual(r.status, command == "diff" ? 2 : 1, command)
            XCTAssertEqual(h.api.requests, [], command)
        }
    }

    func testNegativeNumbersAreInvalidValuesNotMissingOnes() throws {
        let h = try Harness.seed()
        for args in [["simulate", "app-microservices-tags", "--limit", "-1"], ["simulate", "app-microservices-tags", "--limit=-1"],
                     ["simulate", "app-microservices-tags", "--limit", "10001"]] {
            let r = h.run(args)
            XCTAssertEqual(r.status, 1, "simulate exits 1 for every error, an invalid filter override too: \(args)")
            XCTAssertTrue(r.stderr.hasPrefix("error: invalid argument \"\(args.last == "10001" ? "10001" : "-1")\" for \"--limit\" flag: must be between 0 and 10000"),
                          "\(args): \(r.stderr)")
        }
        let timeout = h.run("reconcile", "app-microservices-tags", "--timeout", "-5s")
        XCTAssertTrue(timeout.stderr.hasPrefix("error: invalid argument \"-5s\" for \"--timeout\" flag"), timeout.stderr)
        let concurrency = h.run("diff", "app-microservices-tags", "--concurrency", "-1")
        XCTAssertEqual(concurrency.status, 2)
        XCTAssertTrue(concurrency.stderr.contains("--concurrency"), concurrency.stderr)
        XCTAssertEqual(h.api.requests, [])
    }

    func testTypeSlashNameWorksAndOtherTypesAreRefused() throws {
        let h = try Harness.seed()
        for form in ["rsip/app-microservices-tags", "resourcesetinputprovider/app-microservices-tags",
                     "resourcesetinputproviders.fluxcd.controlplane.io/app-microservices-tags"] {
            let r = h.run("get", form)
            XCTAssertEqual(r.status, 0, "\(form): \(r.stderr)")
            XCTAssertTrue(r.stdout.hasPrefix("Name:           app-microservices-tags\n"), r.stdout)
        }
        let other = h.run("get", "deploy/web")
        XCTAssertEqual(other.status, 1)
        XCTAssertTrue(other.stderr.hasPrefix("error: kubectl rsip works on resourcesetinputproviders, not \"deploy\""), other.stderr)
    }

    /// Piped to `less` (80 columns), prose wraps but an example never splits.
    func testHelpNeverSplitsAnExample() throws {
        let r = try Harness.seed().run("simulate", "--help")
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("\n  kubectl rsip simulate app-microservices-tags -n flux-system --exclude-tag microservice2\n"), r.stdout)
        for line in r.stdout.split(separator: "\n") where !line.hasPrefix("  kubectl ") && !line.hasPrefix("  # ") {
            XCTAssertLessThanOrEqual(line.count, 80, String(line))
        }
        XCTAssertFalse(r.stdout.contains("-A, --all-namespaces"), "simulate takes one provider")
        XCTAssertFalse(r.stdout.contains("--selector"))
        XCTAssertTrue(r.stdout.contains("USAGE: kubectl rsip simulate NAME "), r.stdout)
        XCTAssertTrue(r.stdout.contains("optionally followed by its"), "--tags-file help mentions the digest")
    }

    func testEveryUsageLineStartsWithTheName() throws {
        let h = try Harness.seed()
        for command in ["diff", "reconcile", "suspend", "resume", "simulate"] {
            let help = h.run(command, "--help").stdout
            XCTAssertTrue(help.contains("USAGE: kubectl rsip \(command) NAME"), "\(command): \(help)")
        }
    }

    func testHelpWrapKeepsIndentedLinesAndOptionColumns() {
        let text = """
            OVERVIEW: \(String(repeating: "word ", count: 20))

            Prose \(String(repeating: "longer ", count: 15))
              kubectl rsip example --with a-very-long-flag-value --and another-very-long-flag-value

            USAGE: kubectl rsip x [--one <one>] [--two <two>] [--three <three>] [--four <four>] [--five <five>]

            OPTIONS:
              --one <one>             \(String(repeating: "help ", count: 20))
            """
        let wrapped = HelpText.wrap(text, width: 60)
        XCTAssertTrue(wrapped.contains("  kubectl rsip example --with a-very-long-flag-value --and another-very-long-flag-value"))
        let lines = wrapped.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines.contains { $0.hasPrefix("       [--") }, "usage continues under USAGE: \(wrapped)")
        XCTAssertTrue(lines.contains { $0.hasPrefix(String(repeating: " ", count: 26) + "help") }, wrapped)
        XCTAssertFalse(lines.contains { $0.contains("[--one") && $0.contains("<one>]") == false }, "groups stay whole")
    }

    /// A kubeconfig problem is reported as kubectl reports it, once, with our hint apart.
    func testConnectionErrorsPrintOnce() throws {
        var h = try Harness.seed()
        h.connectError = KubeconfigErrorFixture.duplicate
        let r = h.run("get")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr.components(separatedBy: "error loading config file").count, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("\nhint: "), r.stderr)
    }

    /// Every visible command, taken from the command tree (not a list kept here): its help holds
    /// no unexpanded interpolation, ends with the global-flags footer exactly when the command
    /// connects like kubectl, and every example line parses with the command's own parser.
    func testEveryCommandsHelpAndExamples() throws {
        let h = try Harness.seed()
        XCTAssertGreaterThanOrEqual(CommandTree.visibleNames.count, 9)
        for name in CommandTree.visibleNames {
            let r = h.run(name, "--help")
            XCTAssertEqual(r.status, 0, name)
            XCTAssertFalse(r.stdout.contains("\\("), "\(name): \(r.stdout)")
            XCTAssertFalse(r.stdout.contains("helpNote"), "\(name): \(r.stdout)")
            let connects = CommandTree.info(named: name)?.usesCluster == true
            XCTAssertEqual(r.stdout.contains("\nGlobal flags: kubectl's connection flags work here too"), connects, "\(name): \(r.stdout)")
            if connects { XCTAssertTrue(r.stdout.hasSuffix("\n--help-hidden.\n"), "the footer comes last: \(name): \(r.stdout)") }
            // The lines between "Examples:" and the usage.
            let examples = r.stdout.components(separatedBy: "Examples:\n").dropFirst().first?
                .components(separatedBy: "\nUSAGE:").first?
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("kubectl rsip ") } ?? []
            if name != "completion" { XCTAssertGreaterThanOrEqual(examples.count, 2, name) }
            for example in examples {
                let words = Array(Self.shellWords(example).prefix { $0 != "|" }.dropFirst(2))
                do {
                    let parsed = try RSIP.parseAsRoot(ArgvNormalizer.normalize(words))
                    XCTAssertTrue(type(of: parsed) == CommandTree.type(named: name), "\(example) runs \(type(of: parsed))")
                } catch {
                    XCTFail("\(name): the example does not parse: \(example): \(RSIP.message(for: error))")
                }
            }
        }
    }

    /// A shell's words: spaces split, single and double quotes group (enough for our examples).
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch
                inWord = true
            } else if ch == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
