import Foundation
import Gzip
import XCTest

final class GzipTests: XCTestCase {
    /// `gzip.compress(b"hello, helm\n", compresslevel=9, mtime=0)` and another member, in base64.
    private let hello = bytes("H4sIAAAAAAACA8tIzcnJ11HISM3J5QIAaWEP1wwAAAA=")
    private let second = bytes("H4sIAAAAAAACAytOTc7PS1HITc1NSi3iAgA2GEsODgAAAA==")
    private let empty = bytes("H4sIAAAAAAACAwMAAAAAAAAAAAA=")

    private static func bytes(_ base64: String) -> [UInt8] { Array(Data(base64Encoded: base64) ?? Data()) }
    private func bytes(_ base64: String) -> [UInt8] { Self.bytes(base64) }

    func testInflatesOneMember() throws {
        XCTAssertTrue(Gzip.isGzip(hello))
        XCTAssertEqual(String(decoding: try Gzip.inflate(hello), as: UTF8.self), "hello, helm\n")
        XCTAssertEqual(try Gzip.inflate(empty), [])
    }

    func testConcatenatedMembersInflateOneAfterTheOther() throws {
        XCTAssertEqual(String(decoding: try Gzip.inflate(hello + second), as: UTF8.self), "hello, helm\nsecond member\n")
    }

    func testAgreesWithTheGzipToolOnALargePayload() throws {
        // Pseudo-random text with repeats, so deflate uses both literals and back-references,
        // across many 64 KiB output chunks.
        var generator = SystemRandomNumberGenerator()
        let words = (0..<500).map { _ in String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 36) }
        let text = (0..<200_000).map { _ in words[Int.random(in: 0..<words.count, using: &generator)] }.joined(separator: " ")
        let compressed = try gzipTool(Array(text.utf8))
        XCTAssertLessThan(compressed.count, text.utf8.count / 2)
        XCTAssertEqual(try Gzip.inflate(compressed), Array(text.utf8))
    }

    func testNotGzipIsAnInvalidHeader() {
        XCTAssertFalse(Gzip.isGzip(Array("{\"name\":\"x\"}".utf8)))
        XCTAssertThrowsError(try Gzip.inflate(Array("{\"name\":\"x\"}".utf8))) { error in
            XCTAssertEqual((error as? GzipError)?.description, "gzip: invalid header")
        }
        XCTAssertThrowsError(try Gzip.inflate([0x1F, 0x8B])) { error in
            XCTAssertEqual((error as? GzipError)?.reason, .invalidHeader, "too short for the magic")
        }
    }

    func testTrailingGarbageAfterAMemberIsRejectedAsGoDoes() {
        XCTAssertThrowsError(try Gzip.inflate(hello + [0, 0, 0, 0])) { error in
            XCTAssertEqual((error as? GzipError)?.reason, .invalidHeader)
        }
    }

    func testTruncatedDataSaysSo() {
        for cut in [5, 12, hello.count - 4, hello.count - 1] {
            XCTAssertThrowsError(try Gzip.inflate(Array(hello.prefix(cut))), "cut at \(cut)") { error in
                XCTAssertEqual((error as? GzipError)?.description, "gzip: unexpected EOF", "cut at \(cut)")
            }
        }
    }

    func testCorruptChecksumAndStreamAreReported() {
        var badCRC = hello
        badCRC[badCRC.count - 6] ^= 0xFF
        XCTAssertThrowsError(try Gzip.inflate(badCRC)) { error in
            XCTAssertEqual((error as? GzipError)?.description, "gzip: corrupt data: incorrect data check")
        }
        var badStream = hello
        badStream[10] = 0xFF  // block type 3 (reserved)
        XCTAssertThrowsError(try Gzip.inflate(badStream)) { error in
            guard case .corrupt? = (error as? GzipError)?.reason else { return XCTFail("\(error)") }
        }
    }

    func testOutputBeyondTheLimitStopsEarly() throws {
        let bomb = try gzipTool([UInt8](repeating: 0, count: 4 << 20))
        XCTAssertLessThan(bomb.count, 8 << 10)
        XCTAssertEqual(try Gzip.inflate(bomb, limit: 4 << 20).count, 4 << 20, "exactly the limit is fine")
        XCTAssertThrowsError(try Gzip.inflate(bomb, limit: 1 << 20)) { error in
            XCTAssertEqual((error as? GzipError)?.description, "gzip: inflated data exceeds 1048576 bytes")
        }
    }

    /// Debian's `gzip -9 -n`, the reference compressor.
    private func gzipTool(_ input: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("payload")
        try Data(input).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-9", "-n", file.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return Array(try Data(contentsOf: directory.appendingPathComponent("payload.gz")))
    }
}
