import Analysis
import GoCompat
import TestSupport
import XCTest
import YAML

/// The HelmRelease view over the emulator's Helm scenario (Tests/Emulator/seed-helm) and over
/// storage Secrets the emulator builds from `HelmStorageRelease` descriptions exactly as Helm's
/// driver writes them (gzip, base64, and the API's base64).
final class HelmReleaseTests: EmulatorTestCase {
    override class var emulatorArguments: [String] { KubeEmulator.helmScenario(receivers: nil) }

    private func get(_ path: String) throws -> WhyLive {
        let response = try emulator.request("GET", path)
        switch response.status {
        case 200: return .found(try JSON.parse(response.body))
        case 404: return .absent
        default: return .unreadable("HTTP \(response.status): \(response.body)")
        }
    }

    private func helmRelease(_ name: String) throws -> HelmReleaseView {
        guard case .found(let object) = try get("/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/\(name)") else {
            throw XCTSkip("unreachable: the seed has \(name)")
        }
        return HelmReleaseView(object)
    }

    private func secret(_ key: ObjectKey) throws -> WhyLive {
        try get("/api/v1/namespaces/\(key.namespace)/secrets/\(key.name)")
    }

    private func service(_ ns: String, _ name: String) -> ObjectKey {
        ObjectKey(group: "", version: "v1", kind: "Service", namespace: ns, name: name)
    }

    private func deployment(_ ns: String, _ name: String) -> ObjectKey {
        ObjectKey(group: "apps", version: "v1", kind: "Deployment", namespace: ns, name: name)
    }

    // MARK: the seed's three releases

    func testAFlux28ReleaseIsReadFromItsInventoryWithoutTheStorage() throws {
        let hr = try helmRelease("chart-microservice4")
        XCTAssertNil(hr.storageSecret, "an inventory makes the storage unnecessary")
        let objects = hr.objects()
        XCTAssertEqual(objects, .inventory([service("apps", "microservice4"), deployment("apps", "microservice4")]))
        XCTAssertEqual(objects.note, "from status.inventory")
        XCTAssertEqual(hr.key.description, "HelmRelease flux-system/chart-microservice4")
    }

    func testAnOlderReleaseIsReadFromTheStorageSecretOfItsLatestVersion() throws {
        let hr = try helmRelease("chart-microservice5")
        XCTAssertEqual(hr.latestRelease?.version, 2)
        let secretKey = try XCTUnwrap(hr.storageSecret)
        XCTAssertEqual("\(secretKey.namespace)/\(secretKey.name)", "apps/sh.helm.release.v1.microservice5.v2")
        XCTAssertEqual(hr.objects(), .storageNotRead(secret: secretKey), "the caller must fetch the Secret first")

        let objects = hr.objects(storage: try secret(secretKey))
        guard case .storage(_, let release, let keys) = objects else { return XCTFail("\(objects)") }
        XCTAssertEqual(release.chartVersion, "1.1.0+b8da8f029e45")
        // The manifest has no namespaces: the release's namespace is written in.
        XCTAssertEqual(Set(keys), [service("apps", "microservice5"), deployment("apps", "microservice5")])
        XCTAssertEqual(objects.note, "from Helm storage apps/sh.helm.release.v1.microservice5.v2 (release apps/microservice5 v2)")
    }

    func testTheSupersededReleaseDecodesToo() throws {
        guard case .found(let v1) = try get("/api/v1/namespaces/apps/secrets/sh.helm.release.v1.microservice5.v1") else {
            return XCTFail("the seed stores microservice5 v1")
        }
        let release = try HelmStorage.decode(secret: v1)
        XCTAssertEqual(release.name, "microservice5")
        XCTAssertEqual(release.version, 1)
        XCTAssertEqual(release.status, "superseded")
        XCTAssertEqual(release.objects.count, 2)
    }

    func testARemoteReleaseIsNotFollowedEvenWithAnInventory() throws {
        let hr = try helmRelease("chart-microservice6")
        XCTAssertTrue(hr.isRemote)
        XCTAssertNil(hr.storageSecret)
        XCTAssertEqual(hr.objects(), .remote(kubeConfigSecret: "edge-kubeconfig"))
        XCTAssertEqual(hr.objects().note, "remote cluster, not followed (spec.kubeConfig.secretRef edge-kubeconfig)")
        XCTAssertEqual(hr.objects().keys, [])
        XCTAssertFalse(hr.objects().isKnown)
    }

    // MARK: releases stored by the test

    func testAManifestOfManyShapesGivesTheKeysFluxWouldRecord() throws {
        let manifest = """
        ---
        # Source: shop/templates/namespace.yaml
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop-extra
        ---
        # Source: shop/templates/role.yaml
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: shop:reader
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: elsewhere
        ---
        # an empty document (a template that rendered nothing)
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Service
          metadata:
            name: shop
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: shop
        ---
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        metadata:
          name: not-an-object
        """
        let stored = try emulator.storeHelmRelease(HelmStorageRelease(
            name: "shop", namespace: "retail", storageNamespace: "helm-storage", version: 3, chartVersion: "2.0.0",
            manifest: manifest))
        let release = try HelmStorage.decode(secret: try JSON.parse(stored))
        XCTAssertEqual(release.name, "shop")
        XCTAssertEqual(release.namespace, "retail")
        XCTAssertEqual(release.version, 3)
        XCTAssertEqual(release.chartVersion, "2.0.0")
        XCTAssertEqual(release.objects.map(\.description), [
            "Namespace shop-extra", "ClusterRole shop:reader", "ConfigMap elsewhere/settings",
            "Service retail/shop", "Deployment retail/shop",
        ])
        XCTAssertEqual(release.objects[1].inventoryID, "_shop__reader_rbac.authorization.k8s.io_ClusterRole")
        // A kind the caller knows to be cluster-scoped (from discovery) keeps no namespace.
        let withCRD = try HelmStorage.decode(secret: try JSON.parse(stored), clusterScopedKinds: ["Namespace", "ClusterRole", "Service"])
        XCTAssertEqual(withCRD.objects[3].namespace, "")
    }

    func testTheLatestVersionIsTheHighestWhateverTheHistoryOrder() throws {
        for version in 1...3 {
            try emulator.storeHelmRelease(HelmStorageRelease(
                name: "ordered", namespace: "apps", version: version, status: version == 3 ? "deployed" : "superseded",
                manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ordered-v\(version)\n"))
        }
        // Flux writes the latest first; this one is shuffled, and one entry is malformed.
        let hr = HelmReleaseView(helmReleaseObject(name: "ordered", history: [
            ["name": "ordered", "namespace": "apps", "version": 1, "status": "superseded"],
            ["name": "ordered", "namespace": "apps", "version": 3, "status": "deployed"],
            ["name": "ordered", "namespace": "apps", "version": "x"],
            ["name": "ordered", "namespace": "apps", "version": 2, "status": "superseded"],
        ], storageNamespace: "apps"))
        XCTAssertEqual(hr.history.map(\.version), [1, 3, 2])
        XCTAssertEqual(hr.latestRelease?.version, 3)
        let secretKey = try XCTUnwrap(hr.storageSecret)
        XCTAssertEqual(secretKey.name, "sh.helm.release.v1.ordered.v3")
        XCTAssertEqual(hr.objects(storage: try secret(secretKey)).keys.map(\.name), ["ordered-v3"])
    }

    func testAMissingSecretAndAForbiddenOneAreSaidApart() throws {
        let hr = HelmReleaseView(helmReleaseObject(name: "gone", history: [["name": "gone", "namespace": "apps", "version": 4]],
                                                   storageNamespace: "apps"))
        let secretKey = try XCTUnwrap(hr.storageSecret)
        XCTAssertEqual(hr.objects(storage: try secret(secretKey)), .storageAbsent(secret: secretKey))
        XCTAssertEqual(hr.objects(storage: .absent).note, "Helm storage apps/sh.helm.release.v1.gone.v4 not found")
        let forbidden = hr.objects(storage: .unreadable("secrets \"sh.helm.release.v1.gone.v4\" is forbidden"))
        XCTAssertEqual(forbidden, .storageUnreadable(secret: secretKey, message: "secrets \"sh.helm.release.v1.gone.v4\" is forbidden"))
        XCTAssertFalse(forbidden.isKnown)
    }

    // MARK: helpers

    private func helmReleaseObject(name: String, history: [Value], storageNamespace: String?,
                                   spec: Value.Object = Value.Object()) -> Value {
        var status = Value.Object()
        status["history"] = .array(history)
        if let storageNamespace { status["storageNamespace"] = .string(storageNamespace) }
        return .object([
            ("apiVersion", "helm.toolkit.fluxcd.io/v2"), ("kind", "HelmRelease"),
            ("metadata", .object([("name", .string(name)), ("namespace", "flux-system")])),
            ("spec", .object(spec)), ("status", .object(status)),
        ])
    }
}

/// The view and the decoder on hand-made objects: every way a release record can be missing
/// or damaged gives a clear answer, never a crash.
final class HelmStorageDecodingTests: XCTestCase {
    /// A storage Secret as the API shows it, around the driver's `release` bytes.
    private func secret(driverBytes: [UInt8]) -> Value {
        secret(apiText: GoBase64.encode(Array(GoBase64.encode(driverBytes).utf8)))
    }

    private func secret(apiText: Value) -> Value {
        .object([("apiVersion", "v1"), ("kind", "Secret"),
                 ("metadata", .object([("name", "sh.helm.release.v1.x.v1"), ("namespace", "apps")])),
                 ("data", .object([("release", apiText)])), ("type", "helm.sh/release.v1")])
    }

    private func secret(apiText: String) -> Value { secret(apiText: .string(apiText)) }

    private func problem(_ secret: Value) -> String? {
        do throws(HelmStorageError) {
            _ = try HelmStorage.decode(secret: secret)
            return nil
        } catch {
            XCTAssertEqual(error.hint, "the Secret is written by helm-controller; `helm history` shows whether the release is intact")
            XCTAssertTrue(error.message.hasPrefix("Helm storage Secret apps/sh.helm.release.v1.x.v1: "), error.message)
            return error.problem
        }
    }

    /// `gzip.compress(b'{"name":"x","namespace":"apps","version":1,"manifest":"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: c\\n"}', 9, mtime=0)`.
    private let goodGzip: [UInt8] = Array(Data(base64Encoded:
        "H4sIAAAAAAACAyWMuwqAMBAEf+W42ibttda2VmmOGOWQbIIJIoj/7qvbmYE9GZoiCx/cfbMWDS9rKfVRe9yqZbC4jpPC5ljbV238i9DuPFbDJNRnzLYMWjxSbDppU/Egen+FggdfN8Ufec5wAAAA") ?? Data())

    func testAReleaseWithoutGzipDecodesAsHelmsDriverAllows() throws {
        let plain = Array(#"{"name":"x","namespace":"apps","version":1,"manifest":"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"}"#.utf8)
        let release = try HelmStorage.decode(secret: secret(driverBytes: plain))
        XCTAssertEqual(release.objects.map(\.description), ["ConfigMap apps/c"])
    }

    func testEveryDamageNamesTheSecretAndWhatIsWrong() {
        XCTAssertEqual(problem(.object([("metadata", .object([("name", "sh.helm.release.v1.x.v1"), ("namespace", "apps")]))])),
                       "the Secret has no data.release")
        XCTAssertEqual(problem(secret(apiText: .int(3))), "data.release is an integer, not a string")
        XCTAssertEqual(problem(secret(apiText: "not base64!")), "data.release is not base64: illegal base64 data at input byte 3")
        XCTAssertEqual(problem(secret(apiText: GoBase64.encode("%%%"))),
                       "the release data is not Helm's base64: illegal base64 data at input byte 0")
        XCTAssertEqual(problem(secret(driverBytes: Array(goodGzip.prefix(40)))),
                       "the release data does not inflate: gzip: unexpected EOF")
        XCTAssertEqual(problem(secret(driverBytes: Gzip_magicThen([0xFF, 0xFF]))).map { $0.hasPrefix("the release data does not inflate: gzip: ") }, true)
        XCTAssertEqual(problem(secret(driverBytes: Array("<html>".utf8))).map { $0.hasPrefix("the release is not JSON: ") }, true)
        XCTAssertEqual(problem(secret(driverBytes: Array("[1,2]".utf8))), "the release is a list, not an object")
        XCTAssertEqual(problem(secret(driverBytes: Array(#"{"manifest":"a: [unclosed"}"#.utf8))).map { $0.hasPrefix("the release manifest is not YAML: ") }, true)
        XCTAssertEqual(problem(secret(driverBytes: Array(#"{"manifest":"---\njust text\n"}"#.utf8))),
                       "the release manifest: document 1 is a string, not a mapping")
        let huge = String(repeating: "A", count: HelmStorage.maxEncodedSize + 4)
        XCTAssertEqual(problem(secret(apiText: GoBase64.encode(huge))), "the release data exceeds 1048576 bytes")
    }

    func testAGoodRecordRoundTripsThroughTheBytesHelmWrites() throws {
        let release = try HelmStorage.decode(secret: secret(driverBytes: goodGzip))
        XCTAssertEqual(release.objects.map(\.description), ["ConfigMap apps/c"])
    }

    func testADamagedSecretMakesTheReleaseUnreadableNotEmpty() throws {
        let hr = HelmReleaseView(.object([
            ("apiVersion", "helm.toolkit.fluxcd.io/v2"), ("kind", "HelmRelease"),
            ("metadata", .object([("name", "x"), ("namespace", "flux-system")])),
            ("status", .object([("history", .array([.object([("name", "x"), ("namespace", "apps"), ("version", 1)])])),
                                ("storageNamespace", "apps")])),
        ]))
        let secretKey = try XCTUnwrap(hr.storageSecret)
        let objects = hr.objects(storage: .found(secret(apiText: "####")))
        XCTAssertEqual(objects, .storageUnreadable(secret: secretKey, message:
            "Helm storage Secret apps/sh.helm.release.v1.x.v1: data.release is not base64: illegal base64 data at input byte 0"))
        XCTAssertEqual(objects.keys, [])
    }

    func testNoInventoryNoHistoryMeansNothingInstalledYet() {
        let hr = HelmReleaseView(.object([("kind", "HelmRelease"), ("metadata", .object([("name", "new"), ("namespace", "a")]))]))
        XCTAssertNil(hr.latestRelease)
        XCTAssertNil(hr.storageSecret)
        XCTAssertEqual(hr.objects(), .noRelease)
    }

    func testAnEmptyInventoryFallsBackToTheStorageAsFluxOperatorDoes() {
        let hr = HelmReleaseView(.object([
            ("kind", "HelmRelease"), ("metadata", .object([("name", "x"), ("namespace", "team")])),
            ("spec", .object([("storageNamespace", "team-storage")])),
            ("status", .object([("inventory", .object([("entries", .array([]))])),
                                ("history", .array([.object([("name", "team-x"), ("namespace", "team"), ("version", 7)])]))])),
        ]))
        XCTAssertEqual(hr.storageSecret.map { "\($0.namespace)/\($0.name)" }, "team-storage/sh.helm.release.v1.team-x.v7",
                       "no status.storageNamespace: spec.storageNamespace, as helm-controller stores")
    }

    private func Gzip_magicThen(_ bytes: [UInt8]) -> [UInt8] { [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3] + bytes }
}

/// What pruning a HelmRelease does: helm-controller's finalizer uninstalls, unless suspended.
final class HelmReleaseDeletionTests: XCTestCase {
    private func hr(suspend: Bool?, kubeConfig: Bool = false) -> HelmReleaseView {
        var spec = Value.Object()
        if let suspend { spec["suspend"] = .bool(suspend) }
        if kubeConfig { spec["kubeConfig"] = ["secretRef": ["name": "edge"]] }
        return HelmReleaseView(.object([
            ("kind", "HelmRelease"), ("metadata", .object([("name", "x"), ("namespace", "flux-system")])), ("spec", .object(spec)),
            ("status", .object([("inventory", .object([("entries", [["id": "apps_x_apps_Deployment", "v": "v1"]])]))])),
        ]))
    }

    func testDeletionUninstallsUnlessSuspended() {
        let deployment = ObjectKey(group: "apps", version: "v1", kind: "Deployment", namespace: "apps", name: "x")
        let running = hr(suspend: nil)
        XCTAssertEqual(running.deletion(running.objects()), .uninstalls([deployment]))
        let suspended = hr(suspend: true)
        XCTAssertTrue(suspended.isSuspended)
        XCTAssertEqual(suspended.deletion(suspended.objects()), .keepsSuspended([deployment]))
        let remote = hr(suspend: false, kubeConfig: true)
        XCTAssertEqual(remote.deletion(remote.objects()), .remote)
        XCTAssertEqual(running.deletion(.storageAbsent(secret: deployment)),
                       .unknown("Helm storage apps/x not found"))
    }
}
