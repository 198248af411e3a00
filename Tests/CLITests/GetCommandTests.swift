import Kube
@testable import kubectl_rsip
import XCTest
import YAML

final class GetCommandTests: XCTestCase {
    func testListsTheNamespaceLikeKubectlGet() throws {
        let r = try Harness.seed().run("get")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            NAME                     TYPE             INPUTS   READY   STATUS                                                       LAST RECONCILED   AGE
            app-microservices-tags   OCIArtifactTag   3        True    Reconciliation finished in 412ms                             13m               14m
            app-frontend-tags        OCIArtifactTag   0        False   failed to call OCI...UNAUTHORIZED: authentication required   13m               14m

            """)
        XCTAssertEqual(r.stderr, "")
    }

    /// Flux puts the cause last: the table keeps both ends, `-o wide` and `get NAME` all of it.
    func testStatusKeepsTheCause() throws {
        var h = try Harness.seed()
        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-frontend-tags"))
        object["status"]?["conditions"] = [["type": "Ready", "status": "False", "reason": "ReconciliationFailed",
                                            "message": "failed to call OCI provider:\nfailed to list OCI tags for 'x': UNAUTHORIZED: authentication required"]]
        h.api.put(object)
        let table = h.run("get")
        XCTAssertTrue(table.stdout.contains("failed to call OCI...UNAUTHORIZED: authentication required"), table.stdout)
        let wide = h.run("get", "-o", "wide")
        XCTAssertTrue(wide.stdout.contains("failed to call OCI provider: failed to list OCI tags for 'x': UNAUTHORIZED: authentication required"), wide.stdout)
        let single = h.run("get", "app-frontend-tags")
        XCTAssertTrue(single.stdout.contains("Ready:          False (ReconciliationFailed): failed to call OCI provider:\n"
                                             + "                failed to list OCI tags for 'x': UNAUTHORIZED: authentication required\n"),
                      single.stdout)
        h.namespace = "apps"
        XCTAssertTrue(h.run("get").stdout.contains("   Suspended   "), "a suspended provider says so")
    }

    func testAnEmptyNamespaceSaysSoOnStderr() throws {
        var h = try Harness.seed()
        h.namespace = "nothing-here"
        let r = h.run("get")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "No resources found in nothing-here namespace.\n")
        let json = h.run("get", "-o", "json")
        XCTAssertTrue(json.stdout.contains("\"kind\": \"List\""), "an empty List, as kubectl prints it")
        XCTAssertEqual(h.run("get", "-A", "-l", "no=match").stderr, "No resources found\n")
    }

    /// `get NAME` shows when the controller runs it and who consumes its inputs.
    func testOneProviderShowsScheduleConsumersAndWarnings() throws {
        let h = try Harness.seed()
        let r = h.run("get", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\nInterval:       every 10m, timeout 2m (default)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nSchedule:       <none>\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nResourceSets:   flux-system/app-microservices (Flatten)\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\n1018693293   app-microservice3   sha256:c132cd79af42   production\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\nReceivers:      <none> in namespace flux-system triggers it\n"), r.stdout)
        XCTAssertEqual(h.api.requests.map(\.description), [
            "get resourcesetinputproviders flux-system/app-microservices-tags", "list resourcesets flux-system/*",
            "list receivers flux-system/*",
        ])

        var object = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-microservices-tags"))
        object["metadata"]?["generation"] = 2
        object["spec"]?["schedule"] = [["cron": "0 9 * * 1-5", "timeZone": "Europe/Berlin", "window": "8h"]]
        h.api.put(object)
        let stale = h.run("get", "app-microservices-tags")
        XCTAssertTrue(stale.stdout.contains("\nSchedule:       0 9 * * 1-5 (Europe/Berlin) window 8h\n"), stale.stdout)
        XCTAssertTrue(stale.stdout.contains("Warning: Ready is from generation 1, the spec is at generation 2"), stale.stdout)
    }

    func testConsumersThatCannotBeListedAreSaidSoOnTheLine() throws {
        let h = try Harness.seed()
        h.api.failures["resourcesets"] = .server(APIStatus(code: 403, reason: "Forbidden",
                                                           message: "resourcesets.fluxcd.controlplane.io is forbidden: User \"dev\" cannot list resource \"resourcesets\""))
        let r = h.run("get", "app-microservices-tags")
        XCTAssertEqual(r.status, 0, "get still answers: \(r.stderr)")
        XCTAssertTrue(r.stdout.contains("ResourceSets:   <unknown: Error from server (Forbidden): resourcesets.fluxcd.controlplane.io is forbidden"), r.stdout)
    }

    func testSeveralNamesEachReported() throws {
        let h = try Harness.seed()
        let r = h.run("get", "app-microservices-tags", "nope", "app-frontend-tags")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("Name:           app-microservices-tags\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Name:           app-frontend-tags\n"), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("Error from server (NotFound): resourcesetinputproviders.fluxcd.controlplane.io \"nope\" not found\n"),
                      r.stderr)
        let yaml = h.run("get", "app-microservices-tags", "app-frontend-tags", "-o", "yaml")
        XCTAssertEqual(yaml.status, 0)
        let list = try YAML.parse(yaml.stdout)
        XCTAssertEqual(list["kind"], "List")
        XCTAssertEqual(list["items"]?.array?.compactMap { $0[path: "metadata", "name"]?.string },
                       ["app-microservices-tags", "app-frontend-tags"])
        let names = h.run("get", "app-microservices-tags", "app-frontend-tags", "-o", "name")
        XCTAssertEqual(names.stdout, """
            resourcesetinputprovider.fluxcd.controlplane.io/app-microservices-tags
            resourcesetinputprovider.fluxcd.controlplane.io/app-frontend-tags

            """)
        XCTAssertEqual(h.run("get", "nope", "--ignore-not-found").status, 0)
    }

    /// A typo or a wrong namespace gets the likely fix, not just "not found".
    func testNotFoundSuggestsTheNamespaceOrAName() throws {
        let h = try Harness.seed()
        let typo = h.run("get", "app-microservice-tags")
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.stderr.hasSuffix("hint: did you mean app-microservices-tags? (namespace flux-system)\n"), typo.stderr)
        let elsewhere = h.run("get", "podinfo-tags")
        XCTAssertTrue(elsewhere.stderr.hasSuffix("hint: \"podinfo-tags\" is in namespace apps, not flux-system: add -n apps\n"),
                      elsewhere.stderr)
    }

    func testInputsOnly() throws {
        let h = try Harness.seed()
        let r = h.run("get", "app-microservices-tags", "--inputs", "-o", "json")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(try JSON.parse(r.stdout).array?.count, 3)
        let without = h.run("get", "--inputs")
        XCTAssertEqual(without.status, 1)
        XCTAssertTrue(without.stderr.hasPrefix("error: --inputs needs the NAME of one provider\n"))
    }

    /// The table, then one row per change; a dropped connection resumes from the last version,
    /// a 410 reads again; Ctrl-C ends it with exit 0.
    func testWatchPrintsEachChangeAndEndsOnInterrupt() throws {
        let h = try Harness.seed()
        var changed = try XCTUnwrap(h.api.object("resourcesetinputproviders", "flux-system", "app-frontend-tags"))
        changed["status"]?["conditions"] = [["type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                                             "message": "Reconciliation finished in 1s"]]
        var later = changed
        later["status"]?["exportedInputs"] = [["id": "1", "tag": "v1.0.0", "digest": "sha256:1"]]
        h.api.watchScript = [.event("MODIFIED", changed), .drop, .event("MODIFIED", later), .interrupt]
        let r = h.run("get", "-w", "--output-watch-events")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, r.stdout)
        // The list as one table; then each change alone, aligned by itself as kubectl flushes it.
        XCTAssertTrue(lines[0].hasPrefix("EVENT   NAME                     TYPE "), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("ADDED   app-microservices-tags   OCIArtifactTag   3        True "), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("ADDED   app-frontend-tags        OCIArtifactTag   0        False "), lines[2])
        XCTAssertEqual(lines[3], "MODIFIED   app-frontend-tags   OCIArtifactTag   0     True   Reconciliation finished in 1s   <none>   14m")
        XCTAssertEqual(lines[4], "MODIFIED   app-frontend-tags   OCIArtifactTag   1     True   Reconciliation finished in 1s   <none>   14m")
        XCTAssertEqual(h.api.requests.filter { $0.verb == "watch" }.count, 2, "reopened once after the drop")
        XCTAssertEqual(h.api.writes, [])

        h.api.watchScript = [.gone, .interrupt]
        let only = h.run("get", "--watch-only")
        XCTAssertEqual(only.status, 0)
        XCTAssertEqual(only.stdout, "", "nothing changed while relisting")
        XCTAssertEqual(h.api.requests.suffix(3).map(\.verb), ["watch", "list", "watch"], "a 410 reads again")
    }

    func testWatchRefusesSeveralNames() throws {
        let r = try Harness.seed().run("get", "a", "b", "-w")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("error: watch is only supported on individual resources and resource collections"), r.stderr)
    }
}
