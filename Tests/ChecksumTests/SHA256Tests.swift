import Checksum
import XCTest

final class SHA256Tests: XCTestCase {
    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalUpdatesMatchOneShot() {
        let bytes = Array((0..<1000).map { UInt8($0 % 251) })
        var h = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { h.update(bytes[chunk..<min(chunk + 37, bytes.count)]) }
        XCTAssertEqual(h.finalize(), { var o = SHA256(); o.update(bytes); return o.finalize() }())
    }
}
