import Foundation
import XCTest
@testable import Registry
import TestSupport

/// Timings against a local registry, printed for the record. Skipped unless
/// `RSIP_REGISTRY_BENCH=1` (pushing 1000 tags takes a few seconds).
final class ClientBenchmarkTests: XCTestCase {
    func testThousandHeads() throws {
        guard ProcessInfo.processInfo.environment["RSIP_REGISTRY_BENCH"] == "1" else {
            throw XCTSkip("set RSIP_REGISTRY_BENCH=1 to run")
        }
        for (mode, auth) in [(LocalRegistry.Mode.tls, LocalRegistry.Auth.none)] + (ProcessInfo.processInfo.environment["BENCH_ALL"] == nil ? [] : [(.plain, .none),
                             (.tls, .token(user: "alice", password: "s3cret-pw"))]) {
            let reg = try LocalRegistry(mode: mode, auth: auth)
            defer { reg.stop() }
            let pushed = try reg.push(repository: "bench/app", tags: tagNames(1000))
            let ref = try RepositoryReference(url: "oci://\(reg.host)/bench/app")
            for (concurrency, perTag) in [(16, false), (64, false), (1, false)] + (ProcessInfo.processInfo.environment["BENCH_ALL"] == nil ? [] : [(1, true)]) {
                var o = registryOptions(reg, concurrency: concurrency, deadline: 120)
                o.reauthenticatePerTag = perTag
                let client = try RegistryClient(options: o, credentials: credentials(reg))
                let (tags, listSeconds) = try stopwatch { try client.listTags(ref) }
                let (digests, seconds) = try stopwatch { try client.digests(ref, tags: tags) }
                XCTAssertEqual(digests, pushed)
                let (_, warm) = try stopwatch { try client.digests(ref, tags: tags) }
                print(String(format: "BENCH %@ %@ concurrency=%d perTagAuth=%@: list %.3f s, 1000 digests %.3f s (warm %.3f s)",
                             reg.scheme, "\(auth)".prefix(5).description, concurrency, "\(perTag)", listSeconds, seconds, warm))
            }
        }
    }
}
