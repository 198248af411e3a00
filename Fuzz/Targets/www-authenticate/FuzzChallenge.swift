// Registry's WWW-Authenticate parser: one header value, and the input split into several headers.
import Registry

import FuzzSupport

@_cdecl("fuzz_www_authenticate_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    for challenge in Challenge.parse(text) {
        _ = (challenge.kind, challenge.realm, challenge.service, challenge.scopes, challenge.error)
    }
    let headers = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    _ = Challenge.parse(headers: headers)
    return 0
}
