// YAML.parseStream on arbitrary text, then YAML.emit (both key orders) of every document, and a
// re-parse of the emitted text. Thrown errors are expected; crashes, traps and ASan reports are not.
import YAML

import FuzzSupport

@_cdecl("fuzz_yaml_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let documents = try? YAML.parseStream(text) else { return 0 }
    for document in documents {
        let emitted = YAML.emit(document)
        _ = YAML.emit(document, sortKeys: true)
        _ = try? YAML.parse(emitted)
        _ = JSON.encodePretty(document)
    }
    return 0
}
