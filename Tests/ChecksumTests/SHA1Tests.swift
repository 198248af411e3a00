import Checksum
import XCTest

final class SHA1Tests: XCTestCase {
    func testSHA1KnownAnswers() {
        XCTAssertEqual(SHA1.hex(Array("".utf8)), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(SHA1.hex(Array("abc".utf8)), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        XCTAssertEqual(SHA1.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    func testIncrementalUpdatesMatchOneShot() {
        let bytes = Array((0..<1000).map { UInt8($0 % 251) })
        var h = SHA1()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { h.update(bytes[chunk..<min(chunk + 37, bytes.count)]) }
        XCTAssertEqual(h.finalize(), { var o = SHA1(); o.update(bytes); return o.finalize() }())
    }
}
