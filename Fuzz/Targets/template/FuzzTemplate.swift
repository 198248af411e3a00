// Template: GoTemplate(text) with Flux's `<<`/`>>` delimiters, rendered with fixed inputs.
import Template
import YAML

private let inputs: Value = .object(Value.Object([
    ("id", .string("12345")),
    ("tag", .string("v1.2.3")),
    ("digest", .string("sha256:0123456789abcdef")),
    ("name", .string("My App_Name")),
    ("replicas", .int(3)),
    ("ratio", .double(0.5)),
    ("enabled", .bool(true)),
    ("none", .null),
    ("list", .array([.string("a"), .int(2), .bool(false)])),
    ("map", .object(Value.Object([("k", .string("v")), ("n", .int(-1))]))),
]))

import FuzzSupport

@_cdecl("fuzz_template_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let template = try? GoTemplate(text) else { return 0 }
    _ = try? template.render(inputs: inputs, now: 0)
    return 0
}
