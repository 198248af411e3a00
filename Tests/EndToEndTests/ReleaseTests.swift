import Foundation
import TestSupport
import XCTest
import YAML

// The krew manifest and the release archive.
//
// `ReleaseTests` runs `scripts/release.sh --out TMP --no-check` ONCE for the whole class (a
// release build in /var/tmp/kubectl-rsip-release: ~3 min from scratch, seconds when unchanged), then
// checks the archive, validates the repo's plugin.yaml and the rendered TMP/plugin.yaml with
// `KrewManifest.problems` below, installs the archive the way krew does into a temporary
// KREW_ROOT, and runs the installed plugin through the real kubectl.
// `KrewManifestValidatorTests` proves that the validator rejects what krew rejects (no build).

// MARK: - Validator

/// krew's manifest rules (krew `pkg/index/validation/validate.go` `ValidatePlugin`,
/// `validatePlatform`, `validateFiles`, `validateSelector`, `IsSafePluginName`, and the
/// `validate-krew-manifest` checks that every selector matches a supported platform and that no
/// two selectors overlap; see spec/kubectl-plugin-conventions.md §3), plus the house rules of
/// this repository marked "house:" (https `.tar.gz` uris naming the version and the platform,
/// reviewers' shortDescription and description limits, relative `files` paths).
enum KrewManifest {
    static let apiVersion = "krew.googlecontainertools.github.com/v1alpha2"
    /// The os/arch pairs krew-index accepts (validate-krew-manifest's `allPlatforms`).
    static let supportedPlatforms: [(os: String, arch: String)] = [
        ("windows", "386"), ("windows", "amd64"), ("windows", "arm64"),
        ("linux", "386"), ("linux", "amd64"), ("linux", "arm"), ("linux", "arm64"), ("linux", "ppc64le"),
        ("darwin", "386"), ("darwin", "amd64"), ("darwin", "arm64"),
    ]
    static let windowsDeviceNames: Set<String> =
        Set(["CON", "PRN", "AUX", "NUL"] + (1...9).map { "COM\($0)" } + (1...9).map { "LPT\($0)" })
    static let semver = #"^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"#

    static func matches(_ s: String, _ pattern: String) -> Bool {
        s.range(of: pattern, options: .regularExpression) != nil
    }

    /// Every rule the manifest breaks; empty means krew (and the house) accept it.
    /// `name` is the plugin name implied by the krew-index file name (`plugins/<name>.yaml`).
    static func problems(_ m: Value, name: String) -> [String] {
        var p: [String] = []
        guard m.object != nil else { return ["the manifest is \(m.kindDescription), not a mapping"] }
        if m["apiVersion"]?.string != apiVersion { p.append("apiVersion must be \(apiVersion)") }
        if m["kind"]?.string != "Plugin" { p.append("kind must be Plugin") }
        let metaName = m[path: "metadata", "name"]?.string ?? ""
        if !matches(metaName, #"^[\w-]+$"#) { p.append("metadata.name \"\(metaName)\" must match ^[\\w-]+$") }
        if windowsDeviceNames.contains(metaName.uppercased()) { p.append("metadata.name \"\(metaName)\" is a Windows device name") }
        if metaName != name { p.append("metadata.name \"\(metaName)\" must equal the file name \"\(name)\"") }
        guard let spec = m["spec"], spec.object != nil else { return p + ["spec is missing"] }

        let version = spec["version"]?.string ?? ""
        if !matches(version, semver) { p.append("spec.version \"\(version)\" is not semver with a leading v") }

        let short = spec["shortDescription"]?.string ?? ""
        if short.trimmingCharacters(in: .whitespaces).isEmpty { p.append("spec.shortDescription is required") }
        if short.contains("\n") { p.append("house: shortDescription must be one line") }
        if short.count > 50 { p.append("house: shortDescription has \(short.count) characters (reviewers want at most 50)") }
        if short.lowercased().contains("kubectl plugin") || short.lowercased().hasPrefix("a plugin") {
            p.append("house: shortDescription repeats \"kubectl plugin\"")
        }
        let description = spec["description"]?.string ?? ""
        if description.isEmpty { p.append("house: spec.description is missing") }
        for field in ["description", "caveats"] {
            for line in (spec[field]?.string ?? "").split(separator: "\n") where line.count > 80 {
                p.append("house: \(field) line longer than 80 columns: \(line)")
            }
        }
        if description.split(separator: "\n").contains(where: { $0.hasPrefix("$ ") || $0.hasPrefix("kubectl rsip ") }) {
            p.append("house: description holds usage examples")
        }
        if let homepage = spec["homepage"]?.string {
            if !homepage.hasPrefix("https://") { p.append("house: homepage must be an https URL") }
        } else {
            p.append("house: homepage is missing")
        }

        guard let platforms = spec["platforms"]?.array, !platforms.isEmpty else {
            return p + ["spec.platforms must be a non-empty list"]
        }
        var claimed: [String: Int] = [:]
        for (i, platform) in platforms.enumerated() {
            let at = "platforms[\(i)]"
            let uri = platform["uri"]?.string ?? ""
            if uri.isEmpty { p.append("\(at): uri has to be set") }
            if !(uri.hasSuffix(".tar.gz") || uri.hasSuffix(".zip")) { p.append("\(at): uri must be a .tar.gz or .zip archive") }
            if !uri.hasPrefix("https://") { p.append("house: \(at): uri must be https") }
            if !version.isEmpty, !uri.contains("/\(version)/") { p.append("house: \(at): uri does not name \(version)") }
            switch platform["sha256"] {
            case .string(let sha)?:
                if !matches(sha, "^[a-f0-9]{64}$") { p.append("\(at): sha256 \(sha) must match ^[a-f0-9]{64}$") }
            case nil: p.append("\(at): sha256 has to be set")
            case let other?: p.append("\(at): sha256 is \(other.kindDescription), not a string")
            }
            let bin = platform["bin"]?.string ?? ""
            if bin.isEmpty { p.append("\(at): bin has to be set") }
            if !isRelativeInside(bin) { p.append("house: \(at): bin \"\(bin)\" must be relative without ..") }
            if let files = platform["files"] {
                if let ops = files.array {
                    if ops.isEmpty { p.append("\(at): files has to be unspecified or non-empty") }
                    for (j, op) in ops.enumerated() {
                        for key in ["from", "to"] {
                            let v = op[key]?.string ?? ""
                            if v.isEmpty { p.append("\(at).files[\(j)]: \(key) field has to be set") }
                            else if !isRelativeInside(v) { p.append("house: \(at).files[\(j)].\(key) \"\(v)\" must be relative without ..") }
                        }
                    }
                } else if !files.isNull {
                    p.append("\(at): files must be a list")
                }
            }
            p += selectorProblems(platform["selector"], at: at)
            let pairs = supportedPlatforms.filter { selects(platform["selector"], os: $0.os, arch: $0.arch) }
            if pairs.isEmpty { p.append("\(at): selector matches no supported os/arch") }
            for pair in pairs {
                let key = "\(pair.os)/\(pair.arch)"
                if let other = claimed[key] { p.append("\(at): selector overlaps platforms[\(other)] on \(key)") }
                else { claimed[key] = i }
                if pairs.count == 1, !uri.hasSuffix("_\(pair.os)_\(pair.arch).tar.gz") {
                    p.append("house: \(at): uri does not name \(pair.os)_\(pair.arch)")
                }
            }
        }
        return p
    }

    static func isRelativeInside(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    static func selectorProblems(_ selector: Value?, at: String) -> [String] {
        guard let selector, let sel = selector.object else { return ["\(at): nil selector is not supported"] }
        let labels = sel["matchLabels"], expressions = sel["matchExpressions"]
        if (labels == nil || labels!.isNull) && (expressions?.array ?? []).isEmpty {
            return ["\(at): empty selector is not supported"]
        }
        var p: [String] = []
        var keys = labels?.object?.keys ?? []
        keys += (expressions?.array ?? []).map { $0["key"]?.string ?? "" }
        for key in keys where key != "os" && key != "arch" { p.append("\(at): selector key \"\(key)\" not supported") }
        if let labels, !labels.isNull, labels.object?.isEmpty ?? true { p.append("\(at): matchLabels specified but empty") }
        if let expressions, !expressions.isNull, expressions.array?.isEmpty ?? true { p.append("\(at): matchExpressions specified but empty") }
        for (key, value) in labels?.object ?? .init() where value.string == nil {
            p.append("\(at): matchLabels.\(key) must be a string")
        }
        return p
    }

    /// Label-selector semantics (matchLabels AND matchExpressions) over the labels {os, arch}.
    static func selects(_ selector: Value?, os: String, arch: String) -> Bool {
        guard let sel = selector?.object else { return false }
        let labels = ["os": os, "arch": arch]
        for (key, value) in sel["matchLabels"]?.object ?? .init() where labels[key] != value.string { return false }
        for expr in sel["matchExpressions"]?.array ?? [] {
            let key = expr["key"]?.string ?? ""
            let values = (expr["values"]?.array ?? []).compactMap(\.string)
            let have = labels[key]
            switch expr["operator"]?.string {
            case "In"?: if have == nil || !values.contains(have!) { return false }
            case "NotIn"?: if let have, values.contains(have) { return false }
            case "Exists"?: if have == nil { return false }
            case "DoesNotExist"?: if have != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// The platform entry krew would pick for os/arch (the first selector that matches).
    static func platform(in m: Value, os: String, arch: String) -> Value? {
        m[path: "spec", "platforms"]?.array?.first { selects($0["selector"], os: os, arch: arch) }
    }
}

/// Version.current of the plugin, read from its source (the executable target is not importable).
func currentPluginVersion() throws -> String {
    let source = try String(contentsOf: Repo.root.appendingPathComponent("Sources/kubectl-rsip/App/RSIP.swift"), encoding: .utf8)
    let line = try XCTUnwrap(source.split(separator: "\n").first { $0.contains("static let current = \"") })
    return String(line.split(separator: "\"")[1])
}

// MARK: - Validator tests (no build)

final class KrewManifestValidatorTests: XCTestCase {
    func repoManifestText() throws -> String {
        try String(contentsOf: Repo.root.appendingPathComponent("plugin.yaml"), encoding: .utf8)
    }

    func testRepoManifestIsValidForTheCurrentVersion() throws {
        let text = try repoManifestText()
        let m = try YAML.parse(text)
        XCTAssertEqual(KrewManifest.problems(m, name: "rsip"), [])
        XCTAssertEqual(m[path: "spec", "version"]?.string, "v" + (try currentPluginVersion()),
                       "plugin.yaml must be for Version.current of Sources/kubectl-rsip/App/RSIP.swift")
        let platforms = try XCTUnwrap(m[path: "spec", "platforms"]?.array)
        let pairs = platforms.compactMap { p -> String? in
            guard let os = p[path: "selector", "matchLabels", "os"]?.string,
                  let arch = p[path: "selector", "matchLabels", "arch"]?.string else { return nil }
            return "\(os)/\(arch)"
        }
        // Only platforms with a real archive (scripts/release.sh builds linux/amd64).
        XCTAssertEqual(pairs, ["linux/amd64"])
        for p in platforms {
            XCTAssertEqual(p["bin"]?.string, "kubectl-rsip")
            let from = (p["files"]?.array ?? []).compactMap { $0["from"]?.string }
            XCTAssertEqual(Set(from), ["kubectl-rsip", "kubectl_complete-rsip", "LICENSE"])
        }
        let caveats = try XCTUnwrap(m[path: "spec", "caveats"]?.string)
        for needle in ["install libcurl4 ca-certificates", "install libcurl4t64 ca-certificates", "Ubuntu 20.04", "Debian 13",
                       "kubectl_complete-rsip", "KREW_ROOT"] {
            XCTAssertTrue(caveats.contains(needle), "caveats mention \(needle)")
        }
    }

    func testValidatorRejectsWhatKrewRejects() throws {
        let good = try repoManifestText()
        XCTAssertEqual(KrewManifest.problems(try YAML.parse(good), name: "rsip"), [])
        XCTAssertFalse(KrewManifest.problems(try YAML.parse(good), name: "other").isEmpty, "file name must match")
        let sha = try XCTUnwrap(good.split(separator: "\n").first { $0.hasPrefix("    sha256: ") }?.dropFirst(12).description)
        let breakages: [(String, String, String)] = [
            ("apiVersion", "apiVersion: krew.googlecontainertools.github.com/v1alpha2", "apiVersion: krew.googlecontainertools.github.com/v1alpha1"),
            ("kind", "kind: Plugin", "kind: Plugins"),
            ("name pattern", "  name: rsip", "  name: rsip.v2"),
            ("version without v", "  version: v", "  version: "),
            ("uppercase sha256", "sha256: \(sha)", "sha256: \(sha.uppercased())"),
            ("short sha256", "sha256: \(sha)", "sha256: \(sha.dropLast())"),
            ("missing bin", "      to: .\n    bin: kubectl-rsip\n", "      to: .\n"),
            ("duplicate platform", "  platforms:\n", "  platforms:\n  - {selector: {matchLabels: {os: linux, arch: amd64}}, uri: https://x/v0.1.0/a_linux_amd64.tar.gz, sha256: \(sha), bin: kubectl-rsip}\n"),
            ("unsupported platform", "        os: linux", "        os: plan9"),
            ("unsupported selector key", "        arch: amd64", "        cpu: amd64"),
            ("empty selector", "  - selector:\n      matchLabels:\n        os: linux\n        arch: amd64", "  - selector: {}"),
            ("escaping files", "    - from: LICENSE\n      to: .", "    - from: LICENSE\n      to: ../.."),
            ("files without to", "    - from: LICENSE\n      to: .", "    - from: LICENSE"),
            ("http uri", "uri: https://", "uri: http://"),
            ("zip-less uri", ".tar.gz\n", ".tgz\n"),
            ("long shortDescription", "shortDescription: ", "shortDescription: A kubectl plugin to "),
        ]
        for (what, from, to) in breakages {
            XCTAssertTrue(good.contains(from), "\(what): fixture text not found")
            guard let range = good.range(of: from) else { continue }
            let bad = good.replacingCharacters(in: range, with: to)
            let problems = KrewManifest.problems(try YAML.parse(bad), name: "rsip")
            XCTAssertFalse(problems.isEmpty, "the validator accepts a manifest with: \(what)")
        }
        // matchExpressions are label selectors too: one entry may cover several pairs.
        let expr = try YAML.parse("""
            {matchExpressions: [{key: os, operator: In, values: [linux, darwin]}, {key: arch, operator: NotIn, values: ["386", arm, ppc64le]}]}
            """)
        XCTAssertEqual(KrewManifest.supportedPlatforms.filter { KrewManifest.selects(expr, os: $0.os, arch: $0.arch) }.count, 4)
    }
}

// MARK: - Release archive, rendered manifest, krew-like install

final class ReleaseTests: XCTestCase {
    struct Release {
        var dir: URL
        var log: CommandResult
        var seconds: Double
    }
    nonisolated(unsafe) static var release: Release?
    nonisolated(unsafe) static var releaseError: String?

    static let os = "linux"
    static var arch: String {
        #if arch(x86_64)
        return "amd64"
        #else
        return "arm64"
        #endif
    }
    static var archiveName: String { "kubectl-rsip_\(os)_\(arch).tar.gz" }

    /// One release build per test run: every test of this class reads the same output.
    override class func setUp() {
        super.setUp()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-release-\(UUID().uuidString.prefix(8))")
        let start = Date()
        do {
            // --no-check: the Debian 11/12/13 check (scripts/release-check.sh) takes ~4 minutes.
            let log = try runCommand("/bin/bash", [Repo.root.appendingPathComponent("scripts/release.sh").path, "--out", dir.path, "--no-check"],
                                     currentDirectory: Repo.root.path)
            release = Release(dir: dir, log: log, seconds: Date().timeIntervalSince(start))
            print("ReleaseTests: scripts/release.sh took \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        } catch {
            releaseError = "could not run scripts/release.sh: \(error)"
        }
    }

    override class func tearDown() {
        if let dir = release?.dir { try? FileManager.default.removeItem(at: dir) }
        super.tearDown()
    }

    struct ReleaseFailed: Error {}

    /// The release output, or a test failure explaining why there is none.
    func built() throws -> Release {
        if let error = Self.releaseError { XCTFail(error) }
        let r = try XCTUnwrap(Self.release)
        guard r.log.status == 0 else {
            XCTFail("scripts/release.sh exited \(r.log.status)\nstdout:\n\(r.log.stdout)\nstderr:\n\(r.log.stderr.suffix(4000))")
            throw ReleaseFailed()
        }
        return r
    }

    var archive: URL { get throws { try built().dir.appendingPathComponent(Self.archiveName) } }
    /// The completion helper the archive ships (kubectl 1.26+ runs it for `kubectl rsip <TAB>`).
    static let completionHelper = Repo.root.appendingPathComponent("completions/kubectl_complete-rsip")

    func testTheRepositoryShipsTheCompletionHelper() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.completionHelper.path),
                      "completions/kubectl_complete-rsip is missing or not executable: the archive would ship without completion")
    }

    func sha256(_ file: URL) throws -> String {
        let r = try runCommand("/usr/bin/sha256sum", [file.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return String(r.stdout.prefix(64))
    }

    func tempDir(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rsip-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testReleaseScriptReportsWhatItWrote() throws {
        let r = try built()
        XCTAssertTrue(r.log.stdout.contains("wrote \(r.dir.appendingPathComponent(Self.archiveName).path)"), r.log.stdout)
        XCTAssertTrue(r.log.stdout.contains("wrote \(r.dir.appendingPathComponent("plugin.yaml").path)"), r.log.stdout)
        XCTAssertTrue(r.log.stdout.contains(try sha256(try archive)), r.log.stdout)
        XCTAssertFalse(r.log.stderr.contains("WARNING"), "the helper is there, nothing to warn about: \(r.log.stderr)")
    }

    /// The archive runs on Debian 11 and Ubuntu 20.04 with only libcurl installed: it asks for
    /// no library but libcurl and glibc/libstdc++/libgcc, and for no symbol version newer than
    /// glibc 2.31 and GCC 10's libstdc++ have; RE2 and libyaml are inside.
    func testBinaryNeedsOnlyLibcurlAndGlibc231() throws {
        let r = try built()
        let x = try tempDir("needed")
        XCTAssertEqual(try runCommand("/usr/bin/tar", ["-xzf", try archive.path, "-C", x.path]).status, 0)
        let binary = x.appendingPathComponent("kubectl-rsip").path
        let dynamic = try runCommand("/usr/bin/readelf", ["-d", binary])
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            .compactMap { $0.split(separator: "[").last?.split(separator: "]").first.map(String.init) }
        XCTAssertTrue(needed.contains("libcurl.so.4"), "\(needed)")
        let system: Set = ["libcurl.so.4", "libstdc++.so.6", "libgcc_s.so.1", "libc.so.6", "libm.so.6", "libdl.so.2",
                           "libpthread.so.0", "libutil.so.1", "ld-linux-x86-64.so.2"]
        XCTAssertEqual(Set(needed).subtracting(system), [], "libre2 and libyaml are linked statically")
        let sections = try runCommand("/usr/bin/readelf", ["-S", "-W", binary])
        XCTAssertFalse(sections.stdout.contains(".symtab"), "stripped")
        let symbols = try runCommand("/usr/bin/objdump", ["-T", binary])
        func highest(_ prefix: String) -> [Int] {
            let versions = symbols.stdout.split(whereSeparator: { " \t\n()".contains($0) })
                .filter { $0.hasPrefix(prefix + "_") && $0.dropFirst(prefix.count + 1).first?.isNumber == true }
                .map { $0.dropFirst(prefix.count + 1).split(separator: ".").compactMap { Int($0) } }
            return versions.max { $0.lexicographicallyPrecedes($1) } ?? []
        }
        XCTAssertFalse(highest("GLIBC").isEmpty)
        XCTAssertFalse([2, 31].lexicographicallyPrecedes(highest("GLIBC")), "needs GLIBC_\(highest("GLIBC")), Debian 11 has 2.31")
        XCTAssertFalse([3, 4, 28].lexicographicallyPrecedes(highest("GLIBCXX")), "needs GLIBCXX_\(highest("GLIBCXX"))")
        // The release notes say the same, and `version` names the static RE2.
        XCTAssertTrue(r.log.stdout.contains("glibc floor GLIBC_"), r.log.stdout)
        XCTAssertTrue(r.log.stdout.contains("NEEDED      libcurl.so.4"), r.log.stdout)
        let version = try runCommand(binary, ["version"])
        XCTAssertEqual(version.status, 0, version.stderr)
        XCTAssertTrue(version.stdout.contains("RE2:          libre2.a "), version.stdout)
        XCTAssertTrue(version.stdout.contains("libyaml:      0.2."), version.stdout)
    }

    func testArchiveIsDeterministicAndHoldsTheLayoutTheManifestNames() throws {
        let archive = try archive
        let listing = try runCommand("/usr/bin/tar", ["--numeric-owner", "-tzvf", archive.path])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        let rows = listing.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let names = rows.compactMap { $0.last.map(String.init) }
        XCTAssertEqual(names, ["LICENSE", "kubectl-rsip", "kubectl_complete-rsip"], "sorted names, no ./ prefix, nothing else")
        for row in rows {
            XCTAssertEqual(row[1], "0/0", "owner: \(row)")
            XCTAssertEqual(row[3], "1970-01-01", "mtime: \(row)")
            XCTAssertEqual(String(row[0]), row.last == "LICENSE" ? "-rw-r--r--" : "-rwxr-xr-x", "mode: \(row)")
        }
        // gzip -n: no name and a zero timestamp in the gzip header.
        let header = [UInt8](try Data(contentsOf: archive).prefix(10))
        XCTAssertEqual(Array(header[0..<2]), [0x1f, 0x8b])
        XCTAssertEqual(Array(header[4..<8]), [0, 0, 0, 0], "gzip header mtime")
        XCTAssertEqual(header[3] & 0x08, 0, "gzip FNAME flag")
        // The packed files are the repo's (the binary itself is stripped).
        let x = try tempDir("unpack")
        XCTAssertEqual(try runCommand("/usr/bin/tar", ["-xzf", archive.path, "-C", x.path]).status, 0)
        XCTAssertEqual(try Data(contentsOf: x.appendingPathComponent("LICENSE")),
                       try Data(contentsOf: Repo.root.appendingPathComponent("LICENSE")))
        XCTAssertEqual(try Data(contentsOf: x.appendingPathComponent("kubectl_complete-rsip")),
                       try Data(contentsOf: Self.completionHelper))
        // The same sources give the same binary in any checkout: no path of this one inside it.
        let binary = try Data(contentsOf: x.appendingPathComponent("kubectl-rsip"))
        XCTAssertNil(binary.range(of: Data(Repo.root.path.utf8)), "the binary holds the checkout's path \(Repo.root.path)")
    }

    func testRenderedManifestIsValidAndPointsAtTheArchive() throws {
        let r = try built()
        let rendered = try YAML.parse(try String(contentsOf: r.dir.appendingPathComponent("plugin.yaml"), encoding: .utf8))
        let repo = try YAML.parse(try String(contentsOf: Repo.root.appendingPathComponent("plugin.yaml"), encoding: .utf8))
        XCTAssertEqual(KrewManifest.problems(rendered, name: "rsip"), [])
        XCTAssertEqual(KrewManifest.problems(repo, name: "rsip"), [])
        let version = "v" + (try currentPluginVersion())
        XCTAssertEqual(rendered[path: "spec", "version"]?.string, version)

        let mine = try XCTUnwrap(KrewManifest.platform(in: rendered, os: Self.os, arch: Self.arch))
        XCTAssertEqual(mine["uri"]?.string,
                       "https://github.com/kubectl-rsip/kubectl-rsip/releases/download/\(version)/\(Self.archiveName)")
        XCTAssertEqual(mine["sha256"]?.string, try sha256(try archive))

        // Everything but this platform's uri, sha256 (and files, without a helper) is the repo's.
        var a = rendered, b = repo
        func strip(_ m: inout Value) {
            guard var platforms = m[path: "spec", "platforms"]?.array else { return }
            for i in platforms.indices where KrewManifest.selects(platforms[i]["selector"], os: Self.os, arch: Self.arch) {
                platforms[i]["uri"] = nil; platforms[i]["sha256"] = nil; platforms[i]["files"] = nil
            }
            m["spec"]?["platforms"] = .array(platforms)
        }
        strip(&a); strip(&b)
        XCTAssertEqual(a, b, "the rendered manifest keeps the repo's other fields and platforms")
        let froms = (mine["files"]?.array ?? []).compactMap { $0["from"]?.string }
        XCTAssertTrue(froms.contains("kubectl_complete-rsip"), "the manifest installs the completion helper: \(froms)")
    }

    /// Installs the archive as krew does (extract, apply `files`, link `bin`) into a temporary
    /// KREW_ROOT, then runs the linked plugin directly, through `kubectl`, and in `plugin list`.
    func testKrewLikeInstallRunsThroughKubectl() throws {
        let r = try built()
        let manifest = try YAML.parse(try String(contentsOf: r.dir.appendingPathComponent("plugin.yaml"), encoding: .utf8))
        let name = try XCTUnwrap(manifest[path: "metadata", "name"]?.string)
        let version = try XCTUnwrap(manifest[path: "spec", "version"]?.string)
        let platform = try XCTUnwrap(KrewManifest.platform(in: manifest, os: Self.os, arch: Self.arch))
        XCTAssertEqual(platform["sha256"]?.string, try sha256(try archive), "krew verifies the download first")

        let fm = FileManager.default
        let krewRoot = try tempDir("krew")
        let download = krewRoot.appendingPathComponent("tmp/\(name)")
        let install = krewRoot.appendingPathComponent("store/\(name)/\(version)")
        let binDir = krewRoot.appendingPathComponent("bin")
        for d in [download, install, binDir] { try fm.createDirectory(at: d, withIntermediateDirectories: true) }
        let untar = try runCommand("/usr/bin/tar", ["-xzf", try archive.path, "-C", download.path])
        XCTAssertEqual(untar.status, 0, untar.stderr)

        // krew's file operations: each `from` glob must match something, `to` stays inside.
        let ops = platform["files"]?.array ?? [.object(.init([("from", .string("*")), ("to", .string("."))]))]
        let extracted = try fm.contentsOfDirectory(atPath: download.path)
        for op in ops {
            let from = try XCTUnwrap(op["from"]?.string), to = try XCTUnwrap(op["to"]?.string)
            let matched = extracted.filter { fnmatch(from, $0, 0) == 0 }
            XCTAssertFalse(matched.isEmpty, "krew fails: no files in the plugin archive matched the glob pattern=\(from)")
            for file in matched {
                let destDir = install.appendingPathComponent(to).standardizedFileURL
                XCTAssertTrue(destDir.path.hasPrefix(install.standardizedFileURL.path), "\(to) escapes the install dir")
                try fm.createDirectory(at: destDir, withIntermediateDirectories: true)
                try fm.moveItem(at: download.appendingPathComponent(file), to: destDir.appendingPathComponent(file))
            }
        }
        let bin = try XCTUnwrap(platform["bin"]?.string)
        let target = install.appendingPathComponent(bin)
        XCTAssertTrue(fm.isExecutableFile(atPath: target.path), "bin \(bin) is an executable in the install dir")
        let link = binDir.appendingPathComponent("kubectl-" + name.replacingOccurrences(of: "-", with: "_"))
        try fm.createSymbolicLink(at: link, withDestinationURL: target)

        // The linked binary runs on its own (Swift runtime linked statically).
        let help = try runCommand(link.path, ["--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("kubectl rsip"), help.stdout)

        // kubectl finds it: PATH holds only krew's bin and the folder of kubectl.
        let which = try runCommand("/bin/sh", ["-c", "command -v kubectl"])
        let kubectl = which.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(which.status, 0, "kubectl must be on PATH")
        let kubectlDir = URL(fileURLWithPath: kubectl).deletingLastPathComponent().path
        let home = try tempDir("home")
        let env = ["PATH": "\(binDir.path):\(kubectlDir):/usr/bin:/bin", "HOME": home.path,
                   "KREW_ROOT": krewRoot.path, "NO_COLOR": "1"]
        let list = try runCommand(kubectl, ["plugin", "list"], environment: env)
        XCTAssertEqual(list.status, 0, list.stdout + list.stderr)
        XCTAssertTrue(list.stdout.contains("The following compatible plugins are available:"), list.stdout)
        XCTAssertTrue(list.stdout.split(separator: "\n").contains { $0 == link.path }, list.stdout)
        XCTAssertFalse((list.stdout + list.stderr).contains("warning"), list.stderr)
        let viaKubectl = try runCommand(kubectl, ["rsip", "version"], environment: env)
        XCTAssertEqual(viaKubectl.status, 0, viaKubectl.stderr)
        XCTAssertTrue(viaKubectl.stdout.contains(version), viaKubectl.stdout)

        // The caveats' completion step, run as written, puts the helper where kubectl looks.
        XCTAssertTrue(fm.fileExists(atPath: install.appendingPathComponent("kubectl_complete-rsip").path), "krew installed the helper")
        let caveats = try XCTUnwrap(manifest[path: "spec", "caveats"]?.string)
        let lines = caveats.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let first = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("install ") }, "caveats give the install command")
        var command = ""
        for line in lines[first...] {
            command += line.hasSuffix("\\") ? String(line.dropLast()) + " " : line
            if !line.hasSuffix("\\") { break }
        }
        let step = try runCommand("/bin/sh", ["-c", command], environment: env)
        XCTAssertEqual(step.status, 0, "\(command)\n\(step.stderr)")
        XCTAssertTrue(fm.isExecutableFile(atPath: binDir.appendingPathComponent("kubectl_complete-rsip").path), command)
        let complete = try runCommand(kubectl, ["__complete", "rsip", ""], environment: env)
        XCTAssertEqual(complete.status, 0, complete.stderr)
        XCTAssertTrue(complete.stdout.split(separator: "\n").contains { $0.hasPrefix("get") }, complete.stdout + complete.stderr)
    }
}
