// RFC 8288 Link header parsing and next-page resolution. `LinkHeader` and `WebURL` are internal
// to Registry, so this harness uses `@testable import` (run.sh builds with -enable-testing).
// Input: first line = request URL, rest = Link header values, one per line.
@testable import Registry

import FuzzSupport

@_cdecl("fuzz_link_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let base = lines.isEmpty ? "" : lines.removeFirst()
    _ = LinkHeader.parse(text)
    for line in lines { _ = LinkHeader.parse(line) }
    let next = LinkHeader.next(lines)
    if let url = WebURL(base) {
        if let next { _ = url.resolve(next) }
        for line in lines { _ = url.resolve(line) }
    }
    _ = WebURL.removeDotSegments(base)
    _ = WebURL.formEncode(base)
    return 0
}
