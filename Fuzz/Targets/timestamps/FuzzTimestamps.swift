// RFC 3339 (status fields, exec credentials, token `issued_at`) and HTTP dates (`Retry-After`),
// the parsers that replaced Foundation's ICU-backed ones after the registry-json target crashed
// ICU. A parsed RFC 3339 time must print and parse back to the same whole second.
import Timestamp

import FuzzSupport

@_cdecl("fuzz_timestamps_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + [text] {
        // Years 0000-9999 in UTC: an offset can carry a parsed time just outside, where RFC 3339
        // has no four-digit form.
        if let s = RFC3339.seconds(line), (-62_167_219_200 ... 253_402_300_799).contains(s.rounded(.down)) {
            let whole = Int(s.rounded(.down))
            if RFC3339.seconds(RFC3339.format(seconds: whole)) != Double(whole) {
                fatalError("RFC 3339 round trip failed for \(line)")
            }
        }
        _ = HTTPDate.seconds(line)
    }
    return 0
}
