import Analysis
import Provider
@testable import kubectl_rsip
import XCTest
import YAML

/// The first hour, second round (issue 23): each rough spot a new user hit, in-process over the
/// seed, the fake cluster and the fake registry.
final class FirstHourTests: XCTestCase {
    private let provider = "app-microservices-tags"
    private let repository = "registry.example:5000/apps/microservices"
    private let digest = "sha256:" + String(repeating: "a", count: 64)

    private func json(_ r: Harness.Result) throws -> Value { try JSON.parse(r.stdout) }

    // MARK: 1. why with a tag list that is not the registry's

    func testWhyFromStatusSaysTheRegistryWasNotAskedForATagThatExistsNowhere() throws {
        let h = try Harness.seed()
        let r = h.run("why", provider, "app-never-pushed", "--from-status")
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertFalse(r.stdout.contains("filter     kept"), "never 'kept' for a tag judged as if pushed: \(r.stdout)")
        XCTAssertFalse(r.stdout.contains("Pending"), r.stdout)
        XCTAssertTrue(r.stdout.contains("registry   not asked (--from-status)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("filter     would be kept"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nUnknown: app-never-pushed is not exported by flux-system/app-microservices-tags, and the registry was not asked (--from-status)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("next: ask the registry: kubectl rsip why app-microservices-tags -n flux-system app-never-pushed\n"), r.stdout)
        let out = try json(h.run("why", provider, "app-never-pushed", "--from-status", "-o", "json"))
        XCTAssertEqual(out["verdict"], "Unknown")
        XCTAssertEqual(out["registry"]?["tagList"], "status")
        XCTAssertEqual(out["filter"]?["assumed"], true)
    }

    func testWhyWithATagsFileLackingTheTagIsNotInRegistry() throws {
        let h = try Harness.seed()
        let tags = try Harness.file("app-microservice1\napp-microservice2\n", suffix: ".txt")
        let r = h.run("why", provider, "app-microservice9", "--tags-file", tags)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("tags-file  not listed\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("filter     would be kept"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nNotInRegistry: app-microservice9 is not in --tags-file\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("next: kubectl rsip reconcile"), "nobody is sent to reconcile for a tag never pushed: \(r.stdout)")
        let listed = h.run("why", provider, "app-microservice1", "--tags-file", tags)
        XCTAssertTrue(listed.stdout.contains("tags-file  listed"), listed.stdout)
    }

    // MARK: 2. duplicates in simulate, and no Swift dump in any output

    /// Two tags with one Adler-32 id (v1.10.2 and v1.1.20) and objects named after the id.
    private func collidingIDs() throws -> (Harness, String, String) {
        let file = try Harness.file("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata: {name: versions, namespace: apps}
            spec: {type: OCIArtifactTag, url: "oci://registry.example:5000/apps/versions"}
            status:
              exportedInputs:
              - {id: "120521111", tag: v1.10.2, digest: "\(digest)"}
            ---
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSet
            metadata: {name: versions, namespace: apps}
            spec:
              inputsFrom: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: versions}]
              resources:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: "app-<< inputs.id >>", namespace: apps}
                data: {tag: "<< inputs.tag >>"}
            """)
        let tags = try Harness.file("v1.10.2 \(digest)\nv1.1.20 sha256:\(String(repeating: "b", count: 64))\n", suffix: ".txt")
        return (try Harness.seed(), file, tags)
    }

    func testSimulateSaysInOneLineThatADuplicateIsDropped() throws {
        let (h, file, tags) = try collidingIDs()
        let r = h.run("simulate", "-f", file, "--tags-file", tags)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("  note: v1.1.20 renders ConfigMap apps/app-120521111, already rendered for v1.10.2; the controller keeps the first\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  + v1.1.20  (new tag; renders nothing new: its objects are already rendered for another input)\n"), r.stdout)
        let out = try json(h.run("simulate", "-f", file, "--tags-file", tags, "-o", "json"))
        XCTAssertEqual(out["notes"]?.array?.compactMap(\.string).last,
                       "v1.1.20 renders ConfigMap apps/app-120521111, already rendered for v1.10.2; the controller keeps the first")
        XCTAssertEqual(out["impact"]?[0]?["notes"]?.array?.count, 1)
        XCTAssertEqual(out["added"]?[0]?["rendersNothingNew"], true)
    }

    /// Every printer and every report, in every format, on the seed and on colliding ids: no
    /// output ever holds a module-qualified Swift type name or an Optional's dump.
    func testNoOutputHoldsASwiftDump() throws {
        let (h, file, tags) = try collidingIDs()
        h.registries.push(repository, tag: "app-microservice4", digest: digest)
        let commands: [[String]] = [
            ["get"], ["get", provider], ["get", provider, "--inputs"], ["get", "-A", "-o", "wide"],
            ["diff", provider], ["diff", "-A"], ["diff", "-f", file, "--tags-file", tags],
            ["simulate", provider, "--exclude-tag", "microservice2"], ["simulate", "-f", file, "--tags-file", tags],
            ["render", provider], ["render", provider, "--show-inputs"], ["render", "-f", file, "--tags-file", tags],
            ["why", provider], ["why", provider, "app-microservice4"], ["why", provider, "app-x", "--from-status"],
            ["reconcile", provider, "--dry-run"], ["suspend", provider, "--dry-run"], ["version"],
            ["diff", "nope"], ["simulate", provider, "--limit", "-1"], ["why", provider, "app-microservce2"],
        ]
        for command in commands {
            for format in [[], ["-o", "json"], ["-o", "yaml"]] {
                if format.count > 0, ["reconcile", "suspend"].contains(command[0]) || command.contains("-o") { continue }
                let r = h.run(command + format)
                for text in [r.stdout, r.stderr] {
                    for dump in ["Analysis.", "YAML.Value", "Optional(", "Provider.", "Swift.", "kubectl_rsip."] {
                        XCTAssertFalse(text.contains(dump), "\(command + format) prints \(dump): \(text)")
                    }
                }
            }
        }
    }

    // MARK: 3. diff over a scope skips other provider types

    private func withGitHubBranch() throws -> Harness {
        let h = try Harness.seed()
        h.api.put(["apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                   "metadata": ["name": "branches", "namespace": "flux-system", "creationTimestamp": "2026-11-25T10:00:00Z",
                                "labels": ["app.kubernetes.io/part-of": "microservices"]],
                   "spec": ["type": "GitHubBranch", "url": "https://github.com/org/repo"]])
        return h
    }

    func testDiffOverAScopeSkipsOtherTypesAndCanExitZero() throws {
        let h = try withGitHubBranch()
        let r = h.run("diff", "-A")
        XCTAssertEqual(r.status, 2, "app-frontend-tags' registry does not exist: \(r.stdout + r.stderr)")
        XCTAssertTrue(r.stderr.hasPrefix("skipped 1 provider of type GitHubBranch: diff compares OCI tag types\n"), r.stderr)
        XCTAssertFalse(r.stdout.contains("branches"), r.stdout)
        let out = try json(h.run("diff", "-A", "-o", "json"))
        XCTAssertEqual(out["skipped"]?.array?.compactMap { $0["name"]?.string }, ["branches"])
        XCTAssertEqual(out["skipped"]?[0]?["type"], "GitHubBranch")
        XCTAssertFalse(out["providers"]?.array?.contains { $0["name"] == "branches" } ?? true)
        // Named explicitly, it stays an error.
        let named = h.run("diff", "branches")
        XCTAssertEqual(named.status, 2)
        XCTAssertTrue(named.stderr.contains("has type GitHubBranch: only OCI tag types"), named.stderr)
    }

    func testDiffOfOnlyEqualProvidersAndASkippedOneExitsZero() throws {
        let h = try withGitHubBranch()
        let r = h.run("diff", "-l", "app.kubernetes.io/part-of=microservices")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stderr, "skipped 1 provider of type GitHubBranch: diff compares OCI tag types\n")
        XCTAssertTrue(r.stdout.contains("no differences"), r.stdout)
    }

    // MARK: 4, 5. the same providers are refused whatever the tag source

    func testAnHTTPSURLIsRefusedWithATagsFileToo() throws {
        let h = try Harness.seed()
        let file = try Harness.file("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata: {name: web, namespace: apps}
            spec: {type: OCIArtifactTag, url: "https://ghcr.io/org/web"}
            """)
        let tags = try Harness.file("v1\n", suffix: ".txt")
        for args in [["diff", "-f", file, "--tags-file", tags], ["diff", "-f", file],
                     ["simulate", "-f", file, "--tags-file", tags], ["simulate", "-f", file, "--from-status"]] {
            let r = h.run(args)
            XCTAssertNotEqual(r.status, 0, "\(args)")
            XCTAssertTrue(r.stderr.contains(#"spec.url "https://ghcr.io/org/web" must start with oci://"#), "\(args): \(r.stderr)")
        }
    }

    func testSimulateRefusesOtherTypesInEveryMode() throws {
        let h = try withGitHubBranch()
        for mode in [[], ["--from-status"]] {
            let r = h.run(["simulate", "branches"] + mode)
            XCTAssertEqual(r.status, 1, "\(mode): \(r.stdout)")
            XCTAssertTrue(r.stderr.contains("has type GitHubBranch: only OCI tag types"), r.stderr)
            XCTAssertEqual(r.stdout, "")
        }
    }

    // MARK: 7. hints for a provider from a file name the file

    func testHintsForAProviderReadFromAFileCarryTheFile() throws {
        let h = try Harness.seed()
        let file = try Harness.file("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata: {name: eq, namespace: apps}
            spec: {type: OCIArtifactTag, url: "oci://registry.example:5000/apps/missing"}
            """)
        let r = h.run("diff", "-f", file)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("kubectl rsip simulate eq -f \(file) --from-status"), r.stderr)
        XCTAssertFalse(r.stderr.contains("-n apps"), r.stderr)
    }

    // MARK: 8. the registry's code stays in view

    func testStatusShorteningKeepsTheRegistrysCodeAndText() {
        let url = "'oci://ghcr.io/stefanprodan/charts/legacy-podinfo-and-more'"
        let cases: [(String, String)] = [
            ("failed to call OCI provider: failed to list OCI tags for \(url): GET https://ghcr.io/v2/stefanprodan/charts/legacy-podinfo-and-more/tags/list?n=1000: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:stefanprodan/charts/legacy-podinfo-and-more Type:repository]]",
             "UNAUTHORIZED: authentication required"),
            ("failed to call OCI provider: failed to list OCI tags for \(url): GET https://ghcr.io/v2/stefanprodan/charts/legacy-podinfo-and-more/tags/list?n=1000: DENIED: requested access to the resource is denied",
             "DENIED: requested access to the resource is denied"),
            ("failed to call OCI provider: failed to get digest for \(url):v1.2.3: GET https://ghcr.io/v2/stefanprodan/charts/legacy-podinfo-and-more/manifests/v1.2.3: MANIFEST_UNKNOWN: manifest unknown; map[Tag:v1.2.3]",
             "MANIFEST_UNKNOWN: manifest unknown"),
            ("failed to call OCI provider: failed to list OCI tags for \(url): GET https://ghcr.io/v2/stefanprodan/charts/legacy-podinfo-and-more/tags/list?n=1000: NAME_UNKNOWN: repository name not known to registry; [map[name:stefanprodan/charts/legacy-podinfo-and-more]]",
             "NAME_UNKNOWN: repository name not known to registry"),
            ("failed to call OCI provider: failed to list OCI tags for \(url): GET https://index.docker.io/v2/library/nginx/tags/list?n=1000: TOOMANYREQUESTS: You have reached your pull rate limit. See https://www.docker.com/increase-rate-limit",
             "TOOMANYREQUESTS: You have reached your pull rate limit."),
            ("failed to call OCI provider: failed to list OCI tags for \(url): Get \"https://registry.internal.example.com/v2/\": context deadline exceeded",
             "context deadline exceeded"),
            ("failed to call OCI provider: failed to list OCI tags for \(url): Get \"https://registry.internal.example.com/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
             "x509: certificate signed by unknown authority"),
        ]
        for (message, cause) in cases {
            let cell = ConditionMessage.oneLine(message, width: GetPrinter.statusWidth)
            XCTAssertLessThanOrEqual(cell.count, GetPrinter.statusWidth, cell)
            XCTAssertTrue(cell.contains(cause), "\(cause) lost in \(cell)")
            XCTAssertFalse(cell.contains("map["), cell)
        }
    }

    // MARK: 9. a tag the old filter dropped is re-admitted, not new

    func testSimulateSaysATagIsReadmittedAndByWhatItWasDropped() throws {
        let h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", provider))
        object["spec"]?["filter"]?["excludeTag"] = "microservice5"
        h.api.put(object)
        h.registries.push(repository, tag: "app-microservice5", digest: digest)
        let r = h.run("simulate", provider, "--exclude-tag", "microservice2")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("  + app-microservice5  (re-admitted: was excluded by excludeTag \"microservice5\")\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("new tag"), r.stdout)
        let out = try json(h.run("simulate", provider, "--exclude-tag", "microservice2", "-o", "json"))
        XCTAssertEqual(out["added"]?[0]?["reason"], "Readmitted")
    }

    // MARK: 10. no digests, no revision

    func testWithoutDigestsTheRevisionIsUnknown() throws {
        let h = try Harness.seed()
        let file = try Harness.file("""
            apiVersion: fluxcd.controlplane.io/v1
            kind: ResourceSetInputProvider
            metadata: {name: web, namespace: apps}
            spec: {type: OCIArtifactTag, url: "oci://registry.example:5000/apps/web"}
            """)
        let tags = try Harness.file("v2\nv1\n", suffix: ".txt")
        let r = h.run("diff", "-f", file, "--tags-file", tags)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("lastExportedRevision unknown: 2 of the inputs have no digest"), r.stdout)
        XCTAssertFalse(r.stdout.contains("would become"), r.stdout)
        let out = try json(h.run("diff", "-f", file, "--tags-file", tags, "-o", "json"))
        XCTAssertEqual(out["providers"]?[0]?["predictedRevision"], .null)
    }

    // MARK: 11. kubectl's connection flags before the subcommand

    func testConnectionFlagsBeforeTheSubcommand() throws {
        let h = try Harness.seed()
        for args in [["-n", "apps", "get"], ["-napps", "get"], ["--namespace=apps", "get"], ["--namespace", "apps", "get", "-o", "name"]] {
            let r = h.run(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("podinfo-tags"), "\(args): \(r.stdout)")
        }
        XCTAssertEqual(h.run("-A", "get").status, 0)
        XCTAssertTrue(h.run("-n", "apps", "gte").stderr.hasPrefix("error: unknown command \"gte\" for \"kubectl rsip\""))
    }

    // MARK: 12, 17. usage hints and the line that points at help

    func testUsageErrorsPointAtHelpAndHintsInventNoName() throws {
        let h = try Harness.seed()
        let limit = h.run("simulate", provider, "--limit", "-1")
        XCTAssertEqual(limit.status, 1)
        XCTAssertTrue(limit.stderr.hasSuffix("See 'kubectl rsip simulate --help' for usage.\n"), limit.stderr)
        let missing = h.run("diff")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("hint: for example: kubectl rsip diff NAME -n flux-system\n"), missing.stderr)
        XCTAssertTrue(missing.stderr.hasSuffix("See 'kubectl rsip diff --help' for usage.\n"), missing.stderr)
        XCTAssertFalse(missing.stderr.contains("app-microservices-tags"), "no invented name: \(missing.stderr)")
        for args in [["reconcile", provider, "--timeout", "soon"], ["diff", provider, "--concurrency", "0"],
                     ["get", "--chunk-size=-1"], ["simulate", provider, "--from-status", "--tags-file", "x"]] {
            let r = h.run(args)
            XCTAssertTrue(r.stderr.hasSuffix("See 'kubectl rsip \(args[0]) --help' for usage.\n"), "\(args): \(r.stderr)")
        }
        var other = h
        other.namespace = "team-b"
        XCTAssertTrue(other.run("reconcile").stderr.contains("kubectl rsip reconcile NAME -n team-b"))
    }

    // MARK: 13. the last scan, not the last request

    private func scanned(_ h: Harness, secondsAgo: Double) throws {
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", provider))
        object["metadata"]?["managedFields"] = [
            ["manager": "kubectl-annotate", "operation": "Update", "time": "2026-11-25T09:00:00Z", "fieldsType": "FieldsV1"],
            ["manager": "flux-operator", "operation": "Update", "subresource": "status", "fieldsType": "FieldsV1",
             "time": .string(RFC3339Format.format(h.now - secondsAgo))],
        ]
        object["status"]?["lastHandledReconcileAt"] = nil
        h.api.put(object)
    }

    func testLastReconciledIsTheLastScan() throws {
        let h = try Harness.seed()
        try scanned(h, secondsAgo: 120)
        let table = h.run("get")
        let row = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix(provider) })
        XCTAssertTrue(row.contains("   2m "), "LAST RECONCILED is the last scan, though no reconcile was ever requested: \(row)")
        let single = h.run("get", provider)
        XCTAssertTrue(single.stdout.contains("\nLast scan:      "), single.stdout)
        XCTAssertTrue(single.stdout.contains("(2m ago, status written by flux-operator)\n"), single.stdout)
        XCTAssertTrue(single.stdout.contains("\nLast request:   <none> (no reconcile was requested)\n"), single.stdout)
        XCTAssertFalse(single.stdout.contains("Warning: the controller last scanned"), single.stdout)
    }

    func testAProviderThatStoppedScanningIsFlagged() throws {
        let h = try Harness.seed()
        try scanned(h, secondsAgo: 3 * 3600)
        let table = h.run("get")
        let row = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix(provider) })
        XCTAssertTrue(row.contains("   Not scanning: last scan 3h ago, every 10m "), row.description)
        XCTAssertTrue(h.run("get", "-o", "wide").stdout.contains("Not scanning: last scan 3h ago, every 10m; Reconciliation finished in 412ms"))
        let single = h.run("get", provider)
        XCTAssertTrue(single.stdout.contains("Warning: the controller last scanned this provider 3h ago, though it runs every 10m (timeout 2m)"), single.stdout)
        // Suspended, or waiting for its next schedule window: no warning.
        var suspended = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", provider))
        suspended["metadata"]?["annotations"]?["fluxcd.controlplane.io/reconcile"] = "disabled"
        h.api.put(suspended)
        XCTAssertFalse(h.run("get", provider).stdout.contains("Warning: the controller last scanned"))
        suspended["metadata"]?["annotations"]?["fluxcd.controlplane.io/reconcile"] = nil
        suspended["spec"]?["schedule"] = [["cron": "0 9 * * 1-5", "window": "2h"]]
        suspended["status"]?["nextSchedule"] = ["cron": "0 9 * * 1-5", "window": "2h", "when": .string(RFC3339Format.format(h.now + 3600))]
        h.api.put(suspended)
        XCTAssertFalse(h.run("get", provider).stdout.contains("Warning: the controller last scanned"))
        XCTAssertFalse(h.run("get").stdout.contains("Not scanning"))
    }

    // MARK: 14, 18. why's next command undoes the drop; a typo gets the nearest tags

    func testWhyForAFilteredTagGivesARunnableUndo() throws {
        let h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", provider))
        object["spec"]?["filter"]?["excludeTag"] = "microservice9"
        h.api.put(object)
        h.registries.push(repository, tag: "app-microservice9", digest: digest)
        let excluded = h.run("why", provider, "app-microservice9")
        XCTAssertTrue(excluded.stdout.contains("next: keep it, and see what else that changes: kubectl rsip simulate app-microservices-tags -n flux-system --exclude-tag ''\n"), excluded.stdout)
        object["spec"]?["filter"]?["excludeTag"] = nil
        object["spec"]?["filter"]?["limit"] = 2
        h.api.put(object)
        let cut = h.run("why", provider, "app-microservice1")
        XCTAssertTrue(cut.stdout.contains("beyond the limit of 2"), cut.stdout)
        XCTAssertTrue(cut.stdout.contains("kubectl rsip simulate app-microservices-tags -n flux-system --limit 4\n"), cut.stdout)
        // The command it names runs, and keeps the tag.
        let undo = h.run("simulate", provider, "--limit", "4", "-o", "json")
        XCTAssertEqual(undo.status, 0, undo.stderr)
        XCTAssertTrue(try json(undo)["kept"]?.array?.contains("app-microservice1") == true || undo.stdout.contains("app-microservice1"))
    }

    func testAMistypedTagGetsTheNearestOnes() throws {
        let h = try Harness.seed()
        let r = h.run("why", provider, "app-microservce2")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("NotInRegistry: app-microservce2 is not in oci://registry.example:5000/apps/microservices\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("next: did you mean app-microservice2? kubectl rsip why app-microservices-tags -n flux-system app-microservice2\n"), r.stdout)
        XCTAssertEqual(try json(h.run("why", provider, "app-microservce2", "-o", "json"))["nearest"]?[0], "app-microservice2")
    }

    // MARK: 19. what needs attention first

    func testWhyWithoutTagListsPendingBeforeFiltered() throws {
        let h = try Harness.seed()
        h.registries.push(repository, tag: "zzz-other", digest: digest)
        h.registries.push(repository, tag: "app-microservice0", digest: digest)
        let r = h.run("why", provider, "-o", "json")
        let verdicts = try json(r)["tags"]?.array?.compactMap { $0["verdict"]?.string } ?? []
        let order = WhyVerdict.listOrder.map(\.rawValue)
        XCTAssertEqual(verdicts, verdicts.sorted { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }, "\(verdicts)")
        XCTAssertEqual(verdicts.last, "Filtered")
        XCTAssertEqual(try json(r)["tags"]?[0]?["tag"], "app-microservice0", "the Pending tag comes first")
    }

    // MARK: 15, 16. help and completion wording

    func testConcurrencyHelpSpeaksOnlyOfWhatTheCommandTakes() throws {
        let h = try Harness.seed()
        for command in ["simulate", "why", "render"] {
            let help = h.run(command, "--help").stdout
            let line = help.components(separatedBy: "--concurrency").dropFirst().first ?? ""
            XCTAssertFalse(line.prefix(300).contains("-A"), "\(command): \(line.prefix(300))")
        }
    }

    func testCompletionForAnUnknownShellNamesTheShells() throws {
        let r = try Harness.seed().run("completion", "powershell")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, """
            error: invalid argument "powershell" for "kubectl rsip completion"
            hint: the shells: bash, zsh, fish
            See 'kubectl rsip completion --help' for usage.

            """)
    }

    // MARK: the operator's asks

    func testReconcileSaysWhenTheRegistryIsStillAhead() throws {
        let h = try Harness.seed()
        h.api.controller = FakeAPI.Controller()
        h.registries.push(repository, tag: "app-microservice4", digest: digest)
        h.registries.push(repository, tag: "app-microservice2", digest: "sha256:" + String(repeating: "c", count: 64))
        let r = h.run("reconcile", provider)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("  exported inputs unchanged (3)\n  registry still ahead: 1 new tag, 1 new digest; the controller's scan did not see them\n"), r.stdout)
        let skipped = h.run("reconcile", provider, "--diff=false")
        XCTAssertFalse(skipped.stdout.contains("registry"), skipped.stdout)
        // A registry that cannot be read is a warning, not a failed reconcile.
        h.registries.set(repository, tags: [], failure: .init(kind: .connection, registry: "registry.example:5000", repository: "apps/microservices",
                                                          message: "connection refused"))
        let failing = h.run("reconcile", provider)
        XCTAssertEqual(failing.status, 0, failing.stdout)
        XCTAssertTrue(failing.stdout.contains("  warning: could not check the registry afterwards: "), failing.stdout)
    }

    func testAdditiveFilterFlagsAddToTheCurrentPattern() throws {
        let h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", provider))
        object["spec"]?["filter"]?["excludeTag"] = "microservice3"
        h.api.put(object)
        let r = h.run("simulate", provider, "--also-exclude-tag", "microservice2")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("filter:  include=^app-,exclude=microservice3,limit=100 -> include=^app-,exclude=(?:microservice3)|(?:microservice2),limit=100\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  - app-microservice2  (now excluded by excludeTag"), r.stdout)
        let why = h.run("why", provider, "app-microservice2", "--also-exclude-tag", "microservice2")
        XCTAssertTrue(why.stdout.contains("changed    filter include=^app-,exclude=microservice3,limit=100 -> include=^app-,exclude=(?:microservice3)|(?:microservice2),limit=100\n"), why.stdout)
        XCTAssertTrue(why.stdout.contains("Filtered"), why.stdout)
        let render = h.run("render", provider, "--also-include-tag", "^other-")
        XCTAssertEqual(render.status, 0, render.stderr)
        let bad = h.run("simulate", provider, "--also-exclude-tag", "(")
        XCTAssertTrue(bad.stderr.hasPrefix("error: invalid argument \"(\" for \"--also-exclude-tag\" flag"), bad.stderr)
    }
}

/// RFC 3339 for test fixtures (seconds since the epoch to `2026-11-25T10:14:30Z`).
enum RFC3339Format {
    static func format(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }
}
