// JSON.parse (bytes and String entry points) then JSON.encodePretty and YAML.emit of the result.
import YAML

import FuzzSupport

@_cdecl("fuzz_json_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let value = try? JSON.parse(bytes) {
        let pretty = JSON.encodePretty(value)
        _ = try? JSON.parse(pretty)
        _ = YAML.emit(value)
    }
    _ = try? JSON.parse(String(decoding: bytes, as: UTF8.self))
    return 0
}
