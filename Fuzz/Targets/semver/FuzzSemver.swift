// Provider's semver: constraint parsing, Semver.parse and FluxVersion.parse.
// Input: first line = constraint, remaining lines = versions to parse and check.
import Provider

import FuzzSupport

@_cdecl("fuzz_semver_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let constraintText = lines.isEmpty ? "" : lines.removeFirst()
    let constraint = try? SemverConstraint(constraintText)
    _ = try? SemverConstraint(text)
    _ = FluxVersion.parse(text)
    _ = try? Semver.parse(text)
    for line in lines.prefix(16) {
        let versions = [FluxVersion.parse(line), try? Semver.parse(line)].compactMap { $0 }
        for version in versions { _ = constraint?.check(version) }
    }
    return 0
}
