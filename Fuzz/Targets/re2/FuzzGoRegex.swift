// Provider's Go-compatible regex (RE2): compile the input as a pattern, then match a fixed tag set.
import Provider

private let tags = [
    "", "latest", "v1.2.3", "1.2.3", "1.2.3-rc.1", "v2.0.0+build.5", "main-abc1234-1700000000",
    "sha256-0123456789abcdef", "release/2024-01-01", "ünïcödé-tag", String(repeating: "a", count: 128),
]

import FuzzSupport

@_cdecl("fuzz_re2_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let pattern = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let regex = try? GoRegex(pattern) else { return 0 }
    for tag in tags { _ = regex.matches(tag) }
    _ = regex.matches(pattern)
    return 0
}
