// Registry response bodies: error body, bearer-token response and tag-list page (internal, via
// `@testable import`), and the public docker config.json parser.
import Foundation
@testable import Registry
import YAML

private let context = ErrorContext(registry: "registry.example", repository: "org/app", tag: nil,
                                   credentialSource: nil, subjectOverride: nil)
private let receivedAt = Date(timeIntervalSince1970: 1_700_000_000)

import FuzzSupport

@_cdecl("fuzz_registry_json_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let body = RegistryErrorBody.parse(bytes) { _ = (body.code, body.message) }
    _ = BearerToken.parse(bytes, receivedAt: receivedAt, generation: 0)
    _ = try? TagLister.parsePage(bytes, ctx: context)
    _ = try? DockerConfigFile.parse(bytes, path: "/fuzz/config.json")
    return 0
}
