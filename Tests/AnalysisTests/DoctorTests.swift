import Analysis
import Provider
import XCTest
import YAML

/// Every code of `doctor` appears in one test and disappears in another; the report's order,
/// exit status, registry load and gaps.
final class DoctorTests: XCTestCase {
    typealias W = DoctorWorld

    // MARK: a healthy world has nothing to say

    func testAHealthyProviderHasNoFindings() throws {
        var world = try W.one()
        world.secrets = [:]
        let report = world.report
        XCTAssertEqual(report.codes, [])
        XCTAssertEqual(report.exitStatus, 0)
        XCTAssertEqual(report.checked, .init(providers: 1, resourceSets: 1, receivers: 0, registries: 1))
        XCTAssertEqual(report.registryLoad, [RegistryLoad(host: "registry.example:5000", requestsPerHour: 24, providers: 1)],
                       "1 tag list + 3 HEADs every 10m")
    }

    // MARK: InvalidFilter

    func testInvalidFilterAppearsForARegexTheControllerRejects() throws {
        let report = try W.one("spec: {filter: {includeTag: '^app-(?=x)'}}").report
        let f = try XCTUnwrap(report.first(.invalidFilter))
        XCTAssertEqual(f.severity, .error)
        XCTAssertTrue(f.message.hasPrefix(#"spec.filter.includeTag "^app-(?=x)" is rejected on every reconcile (invalid includeTag regex: "#), f.message)
        XCTAssertEqual(f.fix, "set spec.filter.includeTag to a Go (RE2) regular expression: no lookaround, no backreferences")
        let semver = try W.one("spec: {filter: {semver: '>=>1'}}").report.first(.invalidFilter)
        XCTAssertEqual(semver?.fix, #"set spec.filter.semver to a Masterminds constraint such as ">=1.0.0""#)
        XCTAssertEqual(report.exitStatus, 1)
    }

    func testInvalidFilterDisappearsWhenThePatternCompiles() throws {
        XCTAssertNil(try W.one("spec: {filter: {includeTag: '^app-(x)?'}}").report.first(.invalidFilter))
        XCTAssertNil(try W.one("spec: {filter: {semver: '>=1.0.0'}}", tags: ["1.0.0"]).report.first(.invalidFilter))
    }

    // MARK: TextOrderedVersions

    func testTextOrderedVersionsNamesBothTags() throws {
        // den-vasyliev/abox#4: v0.3.9 beats v0.3.10 in text order.
        let report = try W.one("spec: {filter: {includeTag: '^v'}}", tags: ["v0.3.10", "v0.3.9", "v0.3.8"]).report
        let f = try XCTUnwrap(report.first(.textOrderedVersions))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "without spec.filter.semver tags sort as text, so v0.3.9 ranks above the higher version v0.3.10")
        XCTAssertEqual(f.fix, #"set spec.filter.semver: ">=0.0.0" to sort by version (tags that are not versions are then dropped); "#
                       + "preview: kubectl rsip simulate app-tags -n flux-system --semver '>=0.0.0'")
        // The limit cuts the higher one: said as well.
        let cut = try W.one("spec: {filter: {includeTag: '^v', limit: 1}}", tags: ["v0.3.10", "v0.3.9"]).report.first(.textOrderedVersions)
        XCTAssertEqual(cut?.message, "without spec.filter.semver tags sort as text, so v0.3.9 ranks above the higher version v0.3.10, and the limit cuts v0.3.10")
    }

    func testTextOrderedVersionsDisappearsWithSemverOrWhenTextOrderAgrees() throws {
        XCTAssertNil(try W.one("spec: {filter: {includeTag: '^v', semver: '>=0.0.0'}}", tags: ["v0.3.10", "v0.3.9"]).report.first(.textOrderedVersions))
        XCTAssertNil(try W.one("spec: {filter: {includeTag: '^v'}}", tags: ["v0.3.8", "v0.3.9"]).report.first(.textOrderedVersions))
        XCTAssertNil(try W.one(tags: ["app-10", "app-9"]).report.first(.textOrderedVersions), "not versions")
    }

    // MARK: PrereleasesDropped

    func testPrereleasesDroppedNamesThemAndSuggestsTheDashZeroForm() throws {
        let tags = ["1.0.0", "1.1.0-rc.1", "1.1.0", "1.2.0-alpha.1", "0.9.0-rc.1"]
        let report = try W.one("spec: {filter: {includeTag: null, semver: '>=1.0.0'}}", tags: tags).report
        let f = try XCTUnwrap(report.first(.prereleasesDropped))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, #"semver ">=1.0.0" drops 2 prerelease tag(s) within its range (1.2.0-alpha.1, 1.1.0-rc.1): "#
                       + "a constraint without a prerelease admits none")
        XCTAssertEqual(f.fix, #"set spec.filter.semver: ">=1.0.0-0" to keep prereleases; "#
                       + "preview: kubectl rsip simulate app-tags -n flux-system --semver '>=1.0.0-0'")
        // An upper bound alone: every group gets a prerelease floor instead.
        let upper = try W.one("spec: {filter: {includeTag: null, semver: '<2.0.0'}}", tags: ["1.0.0", "1.5.0-rc.1"]).report
        XCTAssertEqual(upper.first(.prereleasesDropped)?.fix.hasPrefix(#"set spec.filter.semver: ">=0.0.0-0 <2.0.0""#), true,
                       upper.first(.prereleasesDropped)?.fix ?? "")
    }

    func testPrereleasesDroppedDisappearsWithAPrereleaseConstraintOrOutOfRange() throws {
        let tags = ["1.0.0", "1.1.0-rc.1"]
        XCTAssertNil(try W.one("spec: {filter: {includeTag: null, semver: '>=1.0.0-0'}}", tags: tags).report.first(.prereleasesDropped))
        XCTAssertNil(try W.one("spec: {filter: {includeTag: null, semver: '>=2.0.0'}}", tags: ["2.0.0", "1.1.0-rc.1"]).report.first(.prereleasesDropped),
                     "below the range anyway")
    }

    // MARK: LimitReached

    func testLimitReachedSaysHowManyAreCutAndTheNewest() throws {
        let report = try W.one("spec: {filter: {limit: 2}}", tags: ["app-1", "app-2", "app-3", "app-4"]).report
        let f = try XCTUnwrap(report.first(.limitReached))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "4 tags pass the filter and spec.filter.limit keeps 2: 2 are cut, the newest of them app-2")
        XCTAssertEqual(f.fix, "raise spec.filter.limit (at most 10000) or narrow the filter; preview: kubectl rsip simulate app-tags -n flux-system --limit 8")
        let exact = try W.one("spec: {filter: {limit: 3}}").report.first(.limitReached)
        XCTAssertEqual(exact?.message, "exactly 3 tags pass the filter, its spec.filter.limit: the next tag pushed cuts the oldest")
        var status = try W.one("spec: {filter: {limit: 3}}")
        status.fromStatus = true
        XCTAssertEqual(status.report.first(.limitReached)?.message,
                       "it exports 3 inputs, its spec.filter.limit: older tags are cut (how many, only the registry can say)")
    }

    func testLimitReachedDisappearsBelowTheLimit() throws {
        XCTAssertNil(try W.one("spec: {filter: {limit: 4}}").report.first(.limitReached))
        XCTAssertNil(try W.one().report.first(.limitReached), "the default limit is 100")
    }

    // MARK: FilterMatchesNothing

    func testFilterMatchesNothingNamesTheField() throws {
        let report = try W.one("spec: {filter: {includeTag: '^release-'}}").report
        let f = try XCTUnwrap(report.first(.filterMatchesNothing))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, #"the registry lists 3 tag(s) and none passes (spec.filter.includeTag "^release-" drops 3): "#
                       + "its ResourceSets apply an empty set and prune what they created at the next reconcile")
        XCTAssertEqual(f.fix, #"change spec.filter.includeTag (now "^release-") to match the tags you deploy; "#
                       + "why each tag is dropped: kubectl rsip why app-tags -n flux-system")
        let semver = try W.one("spec: {filter: {semver: '>=1.0.0'}}").report.first(.filterMatchesNothing)
        XCTAssertEqual(semver?.message.contains(#"spec.filter.semver ">=1.0.0" drops 3"#), true)
    }

    func testFilterMatchesNothingDisappearsWhenATagPassesOrTheRepositoryIsEmpty() throws {
        XCTAssertNil(try W.one("spec: {filter: {includeTag: '^app-3'}}").report.first(.filterMatchesNothing))
        XCTAssertNil(try W.one(tags: []).report.first(.filterMatchesNothing), "an empty repository has nothing to drop")
    }

    // MARK: DuplicateIDs

    func testDuplicateIDsNamesTheCollidingTags() throws {
        // Spec 7: v1.1.20 and v1.10.2 share the Adler-32 id 120521111.
        let report = try W.one("spec: {filter: {includeTag: '^v'}}", tags: ["v1.1.20", "v1.10.2"]).report
        let f = try XCTUnwrap(report.first(.duplicateIDs))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "tags v1.10.2 and v1.1.20 share the id 120521111: a ResourceSet that names objects after "
                       + "inputs.id renders one object for both and keeps the first")
        XCTAssertEqual(f.fix, #"name the objects after inputs.tag, or exclude one: spec.filter.excludeTag: '^v1\.1\.20$'"#)
    }

    func testDuplicateIDsDisappearsWhenOneIsExcluded() throws {
        XCTAssertNil(try W.one(#"spec: {filter: {includeTag: '^v', excludeTag: '^v1\.1\.20$'}}"#, tags: ["v1.1.20", "v1.10.2"]).report.first(.duplicateIDs))
    }

    // MARK: RegistryAhead

    func testRegistryAheadCountsNewTagsDigestsAndDeletions() throws {
        var world = try W.one()
        world.tags[world.providers[0].key] = ["app-2", "app-3", "app-4"]
        world.digests["app-2"] = "sha256:" + String(repeating: "e", count: 64)
        world.digests["app-4"] = W.digest("app-4")
        let f = try XCTUnwrap(world.report.first(.registryAhead))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "the registry holds 1 tag(s) it does not export (app-4) and 1 new digest(s) for exported tags (app-2), "
                       + "and 1 exported tag(s) are gone from the registry (app-1): the next reconcile changes its inputs")
        XCTAssertEqual(f.fix, "kubectl rsip reconcile app-tags -n flux-system (the changes: kubectl rsip diff app-tags -n flux-system)")
    }

    func testRegistryAheadDisappearsWhenTheExportsMatchOrFromStatus() throws {
        XCTAssertNil(try W.one().report.first(.registryAhead))
        var world = try W.one()
        world.tags[world.providers[0].key] = ["app-1", "app-2", "app-3", "app-4"]
        world.fromStatus = true
        XCTAssertNil(world.report.first(.registryAhead), "--from-status never compares with a registry")
    }

    // MARK: NotReady

    func testNotReadyQuotesTheShortenedCause() throws {
        let message = "failed to call OCI provider: failed to list OCI tags for 'registry.example:5000/apps/app': GET "
            + "https://registry.example:5000/v2/apps/app/tags/list?n=1000: UNAUTHORIZED: authentication required"
        let report = try W.one("status: {conditions: [{type: Ready, status: 'False', reason: ReconciliationFailed, message: \"\(message)\", observedGeneration: 1, lastTransitionTime: '\(W.oneMinuteAgo)'}]}").report
        let f = try XCTUnwrap(report.first(.notReady))
        XCTAssertEqual(f.severity, .error)
        XCTAssertEqual(f.message, "Ready is False (ReconciliationFailed): \(ConditionMessage.oneLine(message, width: 100))")
        XCTAssertTrue(f.message.hasSuffix("...UNAUTHORIZED: authentication required"), "the cause whole: \(f.message)")
        XCTAssertEqual(f.fix, "give the controller credentials for registry.example:5000: kubectl create secret docker-registry NAME "
                       + "-n flux-system --docker-server=registry.example:5000 --docker-username=USER --docker-password=TOKEN, "
                       + "and set spec.secretRef.name: NAME")
        let schedule = try W.one("status: {conditions: [{type: Ready, status: 'False', reason: InvalidSchedule, message: bad cron}]}").report
        XCTAssertEqual(schedule.first(.notReady)?.fix.hasPrefix("fix spec.schedule"), true)
    }

    func testNotReadyDisappearsWhenReadyIsTrueOrUnknown() throws {
        XCTAssertNil(try W.one().report.first(.notReady))
        XCTAssertNil(try W.one("status: {conditions: [{type: Ready, status: Unknown, reason: Progressing, message: Reconciliation in progress}]}").report.first(.notReady))
    }

    // MARK: StaleReady

    func testStaleReadyComparesGenerations() throws {
        let f = try XCTUnwrap(try W.one("metadata: {generation: 2}").report.first(.staleReady))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "Ready is from generation 1 but the spec is at generation 2: the controller has not reconciled the latest change")
        XCTAssertEqual(f.fix, "kubectl rsip reconcile app-tags -n flux-system")
    }

    func testStaleReadyDisappearsAtTheSameGenerationOrSuspended() throws {
        XCTAssertNil(try W.one().report.first(.staleReady))
        XCTAssertNil(try W.one("metadata: {generation: 2, annotations: {fluxcd.controlplane.io/reconcile: disabled}}").report.first(.staleReady))
    }

    // MARK: NotScanning

    func testNotScanningFromTheLastStatusWrite() throws {
        let stale = "metadata: {managedFields: [{manager: flux-operator, operation: Update, subresource: status, time: '2026-11-25T09:50:00Z'}]}"
        let f = try XCTUnwrap(try W.one(stale).report.first(.notScanning))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "the controller last wrote its status 24m ago, more than twice the interval plus the timeout "
                       + "(every 10m (default), timeout 2m): nothing is scanning it")
        XCTAssertTrue(f.fix.hasPrefix("kubectl rsip reconcile app-tags -n flux-system; if that times out"), f.fix)
        // The interval annotation counts.
        let everyMinute = try W.one("""
            metadata: {annotations: {fluxcd.controlplane.io/reconcileEvery: 1m}, managedFields: [{manager: flux-operator, operation: Update, subresource: status, time: '2026-11-25T10:08:00Z'}]}
            """).report
        XCTAssertEqual(everyMinute.first(.notScanning)?.message.contains("6m30s ago"), true, everyMinute.codes.description)
        // Ready's transition only moves when Ready changes: alone it dates no scan.
        let fromReady = try W.one("""
            metadata: {managedFields: null, annotations: {fluxcd.controlplane.io/reconcileEvery: 1m}}
            status: {conditions: [{type: Ready, status: 'True', reason: ReconciliationSucceeded, message: ok, observedGeneration: 1, lastTransitionTime: '2026-11-25T10:08:00Z'}]}
            """).report
        XCTAssertNil(fromReady.first(.notScanning), fromReady.codes.description)
        // No status at all, long after it was created: nothing ever scanned it.
        let never = try W.one("metadata: {managedFields: null, creationTimestamp: '2026-11-25T08:00:00Z'}\nstatus: null").report
        XCTAssertEqual(never.first(.notScanning)?.message.hasPrefix("the controller has never written its status"), true, never.codes.description)
    }

    func testNotScanningDisappearsWhenRecentSuspendedOrWaitingForItsSchedule() throws {
        XCTAssertNil(try W.one().report.first(.notScanning))
        let old = "metadata: {managedFields: [{manager: flux-operator, operation: Update, subresource: status, time: '2026-11-25T08:00:00Z'}]"
        XCTAssertNil(try W.one(old + ", annotations: {fluxcd.controlplane.io/reconcile: disabled}}").report.first(.notScanning))
        XCTAssertNil(try W.one(old + "}\nstatus: {nextSchedule: {cron: '0 0 * * *', when: '2026-11-26T00:00:00Z'}}").report.first(.notScanning),
                     "outside its window until then")
        XCTAssertNil(try W.one(old.replacingOccurrences(of: "flux-operator", with: "kubectl-edit") + "}\nstatus: {conditions: [{type: Ready, status: 'True', lastTransitionTime: '2026-11-25T10:10:00Z'}]}").report.first(.notScanning),
                     "another manager's write is not a scan")
    }

    // MARK: Suspended

    func testSuspendedIsInfoAndKeepsTheExitZero() throws {
        let report = try W.one("metadata: {annotations: {fluxcd.controlplane.io/reconcile: Disabled}}").report
        let f = try XCTUnwrap(report.first(.suspended))
        XCTAssertEqual(f.severity, .info)
        XCTAssertEqual(f.message, "reconciliation is disabled (fluxcd.controlplane.io/reconcile: disabled): it scans nothing and keeps exporting its last 3 input(s)")
        XCTAssertEqual(f.fix, "kubectl rsip resume app-tags -n flux-system")
        XCTAssertEqual(report.exitStatus, 0)
        XCTAssertEqual(report.registryLoad, [], "a suspended provider costs the registry nothing")
    }

    func testSuspendedDisappearsWhenEnabled() throws {
        XCTAssertNil(try W.one("metadata: {annotations: {fluxcd.controlplane.io/reconcile: enabled}}").report.first(.suspended))
    }

    // MARK: SecretProblem, ServiceAccountMissing

    func testSecretProblemForAMissingSecretAWrongTypeAndMissingTLSKeys() throws {
        var world = try W.one("spec: {secretRef: {name: pull}, certSecretRef: {name: tls}}")
        world.secrets = ["flux-system/pull": .absent, "flux-system/tls": .found(W.secret("tls", type: "Opaque", data: ["tls.crt": "eA=="]))]
        let report = world.report
        let problems = report.findings.filter { $0.code == .secretProblem }
        XCTAssertEqual(problems.map(\.object.name), ["pull", "tls"])
        XCTAssertEqual(problems.first?.severity, .error)
        XCTAssertEqual(problems.first?.message, "Secret flux-system/pull (spec.secretRef) does not exist: every reconcile fails reading it")
        XCTAssertEqual(problems.first?.fix, "kubectl create secret docker-registry pull -n flux-system --docker-server=registry.example:5000 "
                       + "--docker-username=USER --docker-password=TOKEN")
        XCTAssertEqual(problems.last?.message, "Secret flux-system/tls (spec.certSecretRef) has tls.crt but no tls.key: every reconcile fails")
        XCTAssertEqual(Doctor.registryCandidates(world.input).count, 0, "the controller cannot scan it either")

        world.secrets = ["flux-system/pull": .found(W.secret("pull", type: "Opaque")),
                         "flux-system/tls": .found(W.secret("tls", type: "Opaque", data: ["ca.crt": "eA=="]))]
        let opaque = try XCTUnwrap(world.report.first(.secretProblem))
        XCTAssertEqual(opaque.message, "Secret flux-system/pull (spec.secretRef) has type Opaque: the controller reads only "
                       + "kubernetes.io/dockerconfigjson and kubernetes.io/dockercfg, so it calls the registry anonymously")
        XCTAssertEqual(Doctor.registryCandidates(world.input).count, 1, "anonymous, as the controller")
    }

    func testSecretProblemDisappearsForPullSecretsTheControllerReads() throws {
        var world = try W.one("spec: {secretRef: {name: pull}, serviceAccountName: puller}")
        world.secrets = ["flux-system/pull": .found(W.secret("pull")),
                         "flux-system/cfg": .found(W.secret("cfg", type: "kubernetes.io/dockercfg", data: [".dockercfg": "e30="]))]
        world.serviceAccounts = ["flux-system/puller": .found(["imagePullSecrets": [["name": "cfg"]]])]
        XCTAssertEqual(world.report.codes, [])
        // A pull Secret of the ServiceAccount that is missing fails every reconcile.
        world.secrets["flux-system/cfg"] = .absent
        XCTAssertEqual(world.report.first(.secretProblem)?.message,
                       "Secret flux-system/cfg (imagePullSecrets of ServiceAccount puller) does not exist: every reconcile fails reading it")
    }

    func testServiceAccountMissing() throws {
        var world = try W.one("spec: {serviceAccountName: puller}")
        world.serviceAccounts = ["flux-system/puller": .absent]
        let f = try XCTUnwrap(world.report.first(.serviceAccountMissing))
        XCTAssertEqual(f.severity, .error)
        XCTAssertEqual(f.object, .serviceAccount(namespace: "flux-system", name: "puller"))
        XCTAssertEqual(f.fix, "kubectl create serviceaccount puller -n flux-system, or remove spec.serviceAccountName")
    }

    func testServiceAccountMissingDisappearsWhenItExistsAndUnreadableSecretsAreNotedOnly() throws {
        var world = try W.one("spec: {serviceAccountName: puller, secretRef: {name: pull}}")
        world.serviceAccounts = ["flux-system/puller": .found(["metadata": ["name": "puller"]])]
        world.secrets = ["flux-system/pull": .unreadable("secrets \"pull\" is forbidden")]
        let report = world.report
        XCTAssertNil(report.first(.serviceAccountMissing))
        XCTAssertNil(report.first(.secretProblem))
        XCTAssertEqual(report.notChecked.map(\.message), [#"Secret flux-system/pull (spec.secretRef) could not be read: secrets "pull" is forbidden"#])
        XCTAssertEqual(report.exitStatus, 0, "a Secret one may not read does not make the verdict unknown")
    }

    // MARK: NoConsumer

    func testNoConsumer() throws {
        let f = try XCTUnwrap(try W.one(consumed: false).report.first(.noConsumer))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "no ResourceSet in namespace flux-system takes inputs from it (by name or selector): what it exports deploys nothing")
        XCTAssertTrue(f.fix.hasSuffix("or delete it: kubectl delete rsip app-tags -n flux-system"), f.fix)
    }

    func testNoConsumerDisappearsForANameOrASelector() throws {
        XCTAssertNil(try W.one().report.first(.noConsumer))
        var world = try W.one("metadata: {labels: {team: a}}", consumed: false)
        world.resourceSets = [try W.resourceSet("spec: {inputsFrom: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, selector: {matchLabels: {team: a}}}]}")]
        XCTAssertNil(world.report.first(.noConsumer))
    }

    // MARK: TemplateError, PermuteTooLarge, ResourceSetNotReady

    func testTemplateErrorNamesFieldInputAndGoMessage() throws {
        var world = try W.one()
        world.resourceSets = [try W.resourceSet("""
            spec:
              resourcesTemplate: |
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: << inputs.release >>
            """)]
        let f = try XCTUnwrap(world.report.first(.templateError))
        XCTAssertEqual(f.severity, .error)
        XCTAssertEqual(f.object, DoctorObject(apiVersion: "fluxcd.controlplane.io/v1", kind: "ResourceSet", namespace: "flux-system", name: "apps"))
        XCTAssertTrue(f.message.hasPrefix("ResourceSet flux-system/apps fails to render with the current inputs, so the controller "
                                          + "stalls it (BuildFailed): spec.resourcesTemplate for input app-3: "), f.message)
        XCTAssertTrue(f.message.contains(#"map has no entry for key "release""#), f.message)
        XCTAssertEqual(f.fix, "fix the field it names in ResourceSet flux-system/apps; check the render: "
                       + "kubectl rsip render app-tags -n flux-system --resourceset apps")
    }

    func testTemplateErrorDisappearsWhenTheTemplateRenders() throws {
        XCTAssertNil(try W.one().report.first(.templateError))
    }

    /// A ResourceSet permuting app-tags' 3 inputs with `big` inputs of a second provider.
    private func permuting(_ big: Int) throws -> DoctorWorld {
        var world = try W.one()
        world.neighbours = [try W.provider("metadata: {name: big-tags}", tags: [], exported: (0..<big).map { "b-\($0)" })]
        world.resourceSets = [try W.resourceSet("""
            spec:
              inputStrategy: {name: Permute}
              inputsFrom:
              - {apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: app-tags}
              - {apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: big-tags}
              resourcesTemplate: |
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app-<< inputs.id >>
            """)]
        return world
    }

    func testPermuteTooLarge() throws {
        let world = try permuting(10001)
        let f = try XCTUnwrap(world.report.first(.permuteTooLarge))
        XCTAssertEqual(f.severity, .error)
        XCTAssertTrue(f.message.hasPrefix("ResourceSet flux-system/apps permutes more than 10000 combinations of the current inputs"), f.message)
        XCTAssertTrue(f.message.contains("max: 10000, got: 30003"), f.message)
        XCTAssertNil(world.report.first(.templateError))
    }

    func testPermuteTooLargeDisappearsAtTheLimit() throws {
        let world = try permuting(3333)
        XCTAssertNil(world.report.first(.permuteTooLarge), "3 x 3333 = 9999")
    }

    func testResourceSetNotReady() throws {
        var world = try W.one()
        world.resourceSets = [try W.resourceSet("status: {conditions: [{type: Ready, status: 'False', reason: BuildFailed, message: 'failed to build'}]}")]
        let f = try XCTUnwrap(world.report.first(.resourceSetNotReady))
        XCTAssertEqual(f.severity, .error)
        XCTAssertEqual(f.message, "ResourceSet flux-system/apps, which takes its inputs, is not Ready (BuildFailed): failed to build")
        XCTAssertEqual(f.fix, "the whole status: kubectl get resourceset apps -n flux-system -o yaml; what it renders: "
                       + "kubectl rsip render app-tags -n flux-system --resourceset apps")
    }

    func testResourceSetNotReadyDisappearsWhenReady() throws {
        var world = try W.one()
        world.resourceSets = [try W.resourceSet("status: {conditions: [{type: Ready, status: 'True', reason: ReconciliationSucceeded}]}")]
        XCTAssertNil(world.report.first(.resourceSetNotReady))
    }

    // MARK: Receivers

    func testReceiverKindRejectedNamesTheServedVersionAndTheEnum() throws {
        var world = try W.one()
        world.crd = .found(W.receiverCRD(kinds: W.upstreamKinds))
        let f = try XCTUnwrap(world.report.first(.receiverKindRejected))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertNil(f.provider)
        XCTAssertEqual(f.object.name, "receivers.notification.toolkit.fluxcd.io")
        XCTAssertEqual(f.message, "the Receiver CRD's served version v1 accepts as spec.resources[].kind only "
                       + W.upstreamKinds.joined(separator: ", ") + ": a Receiver that targets a ResourceSetInputProvider is refused "
                       + "(Unsupported value), so webhooks cannot trigger providers in this cluster")
        XCTAssertTrue(f.fix.hasSuffix(#"--type json -p '[{"op":"add","path":"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/resources/items/properties/kind/enum/-","value":"ResourceSetInputProvider"}]'"#), f.fix)
        XCTAssertEqual(world.report.findings.first?.code, .receiverKindRejected, "cluster-wide findings lead their severity")
    }

    func testReceiverKindRejectedDisappearsWhenPatchedOrWithoutReceivers() throws {
        var world = try W.one()
        world.crd = .found(W.receiverCRD(kinds: W.upstreamKinds + ["FluxInstance", "ResourceSet", "ResourceSetInputProvider"]))
        XCTAssertNil(world.report.first(.receiverKindRejected))
        world.crd = .absent
        XCTAssertNil(world.report.first(.receiverKindRejected))
    }

    func testReceiverTargetMissingForAMissingProviderOrApiVersion() throws {
        var world = try W.one()
        world.receivers = .found([try W.receiver("""
            spec:
              resources:
              - {apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: app-tag}
              - {kind: ResourceSetInputProvider, name: app-tags}
            """)])
        let report = world.report
        let missing = report.findings.filter { $0.code == .receiverTargetMissing }
        XCTAssertEqual(missing.map(\.provider), ["flux-system/app-tags", "flux-system/app-tag"])
        XCTAssertEqual(missing.first?.severity, .error)
        XCTAssertEqual(missing.first?.message, "Receiver flux-system/app-hook names this provider at spec.resources[1] with apiVersion unset: the notification-controller cannot find it")
        XCTAssertEqual(missing.first?.fix, "set spec.resources[1].apiVersion: fluxcd.controlplane.io/v1 in Receiver flux-system/app-hook")
        XCTAssertEqual(missing.last?.message, "Receiver flux-system/app-hook names ResourceSetInputProvider flux-system/app-tag at "
                       + "spec.resources[0], which does not exist: its webhook triggers nothing there")
        XCTAssertEqual(report.checked.receivers, 1)
    }

    func testReceiverTargetMissingDisappearsForAnExistingProviderOrPickedProviders() throws {
        var world = try W.one()
        world.receivers = .found([try W.receiver()])
        XCTAssertNil(world.report.first(.receiverTargetMissing))
        world.receivers = .found([try W.receiver("spec: {resources: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: gone}]}")])
        world.wholeNamespaces = false
        XCTAssertNil(world.report.first(.receiverTargetMissing), "doctor NAME judges that provider, not the namespace")
    }

    func testReceiverNotReady() throws {
        var world = try W.one()
        world.receivers = .found([try W.receiver("status: {webhookPath: null, conditions: [{type: Ready, status: 'False', reason: TokenNotFound, message: \"unable to read token from secret 'flux-system/webhook-token'\"}]}")])
        let f = try XCTUnwrap(world.report.first(.receiverNotReady))
        XCTAssertEqual(f.severity, .error)
        XCTAssertEqual(f.message, "Receiver flux-system/app-hook, which triggers it, is not Ready, Ready is False (TokenNotFound): "
                       + "unable to read token from secret 'flux-system/webhook-token'")
        XCTAssertEqual(f.fix, "create its token Secret: kubectl create secret generic webhook-token -n flux-system --from-literal=token=$(openssl rand -hex 32)")
        // Wildcard targeting by label counts too.
        world.receivers = .found([try W.receiver("spec: {suspend: true, resources: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: '*', matchLabels: {}}]}")])
        XCTAssertEqual(world.report.first(.receiverNotReady)?.message, "Receiver flux-system/app-hook, which triggers it, is suspended: its webhook does nothing")
    }

    func testReceiverNotReadyDisappearsWhenReadyOrTargetingAnother() throws {
        var world = try W.one()
        world.receivers = .found([try W.receiver()])
        XCTAssertNil(world.report.first(.receiverNotReady))
        world.receivers = .found([try W.receiver("spec: {resources: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: '*', matchLabels: {team: b}}]}\nstatus: {conditions: [{type: Ready, status: 'False'}]}")])
        XCTAssertNil(world.report.first(.receiverNotReady), "its labels do not match")
    }

    func testWebhookSkippedBySchedule() throws {
        var world = try W.one("spec: {schedule: [{cron: '0 8 * * 1-5', window: 8h}]}")
        world.receivers = .found([try W.receiver()])
        let f = try XCTUnwrap(world.report.first(.webhookSkippedBySchedule))
        XCTAssertEqual(f.severity, .warning)
        XCTAssertEqual(f.message, "Receiver flux-system/app-hook triggers it, but every spec.schedule entry has a window "
                       + "(0 8 * * 1-5 window 8h): a webhook outside them only sets requestedAt and the pass is skipped (SkippedDueToSchedule)")
        XCTAssertTrue(f.fix.hasSuffix("kubectl rsip reconcile app-tags -n flux-system --force)"), f.fix)
    }

    func testWebhookSkippedByScheduleDisappearsWithAZeroWindowOrNoReceiver() throws {
        var world = try W.one("spec: {schedule: [{cron: '0 8 * * 1-5', window: 8h}, {cron: '@hourly', window: 0s}]}")
        world.receivers = .found([try W.receiver()])
        XCTAssertNil(world.report.first(.webhookSkippedBySchedule), "a 0s window lets any requested pass run")
        world = try W.one("spec: {schedule: [{cron: '0 8 * * 1-5', window: 8h}]}")
        XCTAssertNil(world.report.first(.webhookSkippedBySchedule))
    }

    // MARK: the report

    func testFindingsAreWorstFirstThenByProviderThenByCode() throws {
        var world = try W.one("metadata: {generation: 2, annotations: {fluxcd.controlplane.io/reconcile: disabled}}", consumed: false)
        world.add(try W.provider("metadata: {name: b-tags}\nspec: {filter: {includeTag: '(?=x)'}}"), tags: [])
        let report = world.report
        XCTAssertEqual(report.findings.map { "\($0.severity) \($0.provider ?? "") \($0.code.rawValue)" }, [
            "error flux-system/b-tags InvalidFilter",
            "warning flux-system/app-tags NoConsumer",
            "warning flux-system/b-tags NoConsumer",
            "info flux-system/app-tags Suspended",
        ])
        XCTAssertEqual(report.exitStatus, 1)
    }

    func testARegistryFailureIsAGapAndTheStatusStillSpeaks() throws {
        var world = try W.one("spec: {filter: {limit: 3}}")
        world.failures[world.providers[0].key] = "registry registry.example:5000 answered 401 for repository apps/app"
        let report = world.report
        XCTAssertEqual(report.notChecked.map(\.message), ["registry registry.example:5000 answered 401 for repository apps/app"])
        XCTAssertEqual(report.notChecked.first?.hint, "its registry checks were made from status.exportedInputs")
        XCTAssertEqual(report.codes, ["LimitReached"], "from the exported inputs")
        XCTAssertEqual(report.exitStatus, 2)
        XCTAssertEqual(report.checked.registries, 0)
    }

    func testRegistryLoadSumsProvidersPerHost() throws {
        var world = try W.one("metadata: {annotations: {fluxcd.controlplane.io/reconcileEvery: 1m}}")
        world.add(try W.provider("metadata: {name: b-tags}\nspec: {url: oci://ghcr.io/org/b}", tags: ["app-1"]), tags: ["app-1"])
        world.add(try W.provider("metadata: {name: c-tags}", tags: (0..<2500).map { "app-\($0)" }), tags: (0..<2500).map { "app-\($0)" })
        let load = world.report.registryLoad
        XCTAssertEqual(load, [RegistryLoad(host: "registry.example:5000", requestsPerHour: 240 + 618, providers: 2),
                              RegistryLoad(host: "ghcr.io", requestsPerHour: 12, providers: 1)],
                       "(1 + 3) x 60, (3 pages + 100 HEADs) x 6, (1 + 1) x 6")
    }

    func testAResourceSetOrReceiverIsJudgedOnceHoweverManyProvidersItTakes() throws {
        var world = try W.one("metadata: {labels: {team: a}}", consumed: false)
        world.add(try W.provider("metadata: {name: b-tags, labels: {team: a}}", tags: ["app-1"]), tags: ["app-1"])
        world.resourceSets = [try W.resourceSet("""
            spec:
              inputsFrom: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, selector: {matchLabels: {team: a}}}]
              resourcesTemplate: "name: << inputs.release >>"
            status: {conditions: [{type: Ready, status: 'False', reason: BuildFailed, message: failed}]}
            """)]
        world.receivers = .found([try W.receiver("""
            spec: {resources: [{apiVersion: fluxcd.controlplane.io/v1, kind: ResourceSetInputProvider, name: '*', matchLabels: {team: a}}]}
            status: {conditions: [{type: Ready, status: 'False', reason: TokenNotFound, message: no token}]}
            """)])
        let report = world.report
        XCTAssertEqual(report.findings.filter { [.templateError, .resourceSetNotReady, .receiverNotReady].contains($0.code) }
                        .map { "\($0.code.rawValue) \($0.provider ?? "")" },
                       ["TemplateError flux-system/app-tags", "ResourceSetNotReady flux-system/app-tags", "ReceiverNotReady flux-system/app-tags"])
        XCTAssertEqual(report.checked.resourceSets, 1)
        XCTAssertEqual(report.checked.receivers, 1)
    }

    func testPrereleaseFormRewritesLowerBounds() throws {
        func form(_ text: String, _ tags: [String]) throws -> String? {
            try SemverConstraint(text).prereleaseForm(admitting: tags.compactMap(FluxVersion.parse))
        }
        XCTAssertEqual(try form(">=1.0.0", ["1.2.0-rc.1"]), ">=1.0.0-0")
        XCTAssertEqual(try form("^1.2 || ~2.0", ["1.3.0-rc.1", "2.0.1-rc.1"]), "^1.2-0 || ~2.0-0")
        XCTAssertEqual(try form("1.x", ["1.3.0-rc.1"]), "1.x-0")
        XCTAssertEqual(try form(">=1.0.0 <2.0.0", ["1.5.0-rc.1"]), ">=1.0.0-0 <2.0.0")
        XCTAssertEqual(try form("<2.0.0", ["1.5.0-rc.1"]), ">=0.0.0-0 <2.0.0")
    }
}
