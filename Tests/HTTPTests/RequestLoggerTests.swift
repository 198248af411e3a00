import Foundation
import XCTest
import TestSupport
@testable import HTTP

final class RequestLoggerTests: ServerTestCase {
    private let token = "s3cr3t-t0ken-value"
    private let klogLine = #"^I\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ http\.go:\d+\] "#

    private func run(verbosity: Int, body: [UInt8]? = nil, path: String = "/echo", secretBodies: Bool = false) throws -> [String] {
        let s = try startServer()
        let sink = LineSink()
        let c = try client(TransportConfig(proxy: .none, verbosity: verbosity), log: { sink.append($0) })
        _ = try c.send(HTTPRequest(method: body == nil ? "GET" : "POST", url: "http://127.0.0.1:\(s.port)\(path)",
                                   headers: [HTTPHeader("Authorization", "Bearer \(token)"),
                                             HTTPHeader("Proxy-Authorization", "Basic \(token)"),
                                             HTTPHeader("Cookie", "session=\(token)")],
                                   body: body, secretBodies: secretBodies))
        return sink.lines
    }

    func testLevel6OneLine() throws {
        let lines = try run(verbosity: 6)
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertNotNil(lines[0].range(of: klogLine + #"GET http://127\.0\.0\.1:\d+/echo 200 OK in \d+ milliseconds$"#,
                                       options: .regularExpression), lines[0])
    }

    func testQuietBelow6() throws {
        XCTAssertTrue(try run(verbosity: 5).isEmpty)
    }

    func testLevel7HeadersRedacted() throws {
        let lines = try run(verbosity: 7)
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("] Request Headers:"))
        XCTAssertTrue(text.contains("]     Authorization: Bearer <masked>"))
        XCTAssertTrue(text.contains("]     Proxy-Authorization: Basic <masked>"))
        XCTAssertTrue(text.contains("]     Cookie: <masked>"))
        XCTAssertTrue(text.contains("]     User-Agent: kubectl-rsip"))
        XCTAssertFalse(text.contains("Response Headers"))
        XCTAssertFalse(text.contains(token))
    }

    func testLevel9NeverShowsToken() throws {
        // The echo body repeats the request headers, and the request body holds token fields.
        let body = Array(#"{"token":"\#(token)","access_token": "\#(token)","name":"x"}"#.utf8)
        let lines = try run(verbosity: 9, body: body)
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("Response Headers:"))
        XCTAssertTrue(text.contains("Response Body: "))
        XCTAssertTrue(text.contains(#""name":"x""#))
        XCTAssertFalse(text.contains(token), text)
        for line in lines { XCTAssertNotNil(line.range(of: klogLine, options: .regularExpression), line) }
    }

    /// A Kubernetes Secret's data is base64 that field masking cannot see into: both bodies are
    /// withheld whole, even at -v 9, and their size is shown instead.
    func testSecretBodiesAreWithheld() throws {
        let body = Array(#"{"data":{".dockerconfigjson":"eyJhdXRocyI6e319"}}"#.utf8)
        let text = try run(verbosity: 9, body: body, secretBodies: true).joined(separator: "\n")
        XCTAssertTrue(text.contains("Request Body: <\(body.count) bytes withheld: they hold secrets>"), text)
        XCTAssertNotNil(text.range(of: #"Response Body: <\d+ bytes withheld: they hold secrets>"#, options: .regularExpression), text)
        XCTAssertFalse(text.contains("eyJhdXRocyI6e319"), text)
        XCTAssertTrue(text.contains("Response Headers:"), "headers are still shown (masked)")
    }

    func testLevel8TruncatesBody() throws {
        let lines = try run(verbosity: 8, path: "/large?bytes=5000")
        let bodyLine = try XCTUnwrap(lines.first { $0.contains("Response Body: ") })
        XCTAssertTrue(bodyLine.hasSuffix(" [truncated 3976 chars]"), bodyLine)
        let full = try run(verbosity: 9, path: "/large?bytes=5000")
        XCTAssertTrue(try XCTUnwrap(full.first { $0.contains("Response Body: ") }).hasSuffix(String(repeating: "x", count: 5000)))
    }

    func testRedactionHelpers() {
        XCTAssertEqual(RequestLogger.redactSecrets(#"{"token": "abc", "x": "y", "refresh_token":"d\"e"}"#),
                       #"{"token": "<masked>", "x": "y", "refresh_token":"<masked>"}"#)
        XCTAssertEqual(RequestLogger.redactSecrets("grant_type=password&username=u&password=p&service=s"),
                       "grant_type=password&username=u&password=<masked>&service=s")
        XCTAssertEqual(RequestLogger.maskHeader(HTTPHeader("authorization", "Bearer abc")), "Bearer <masked>")
        XCTAssertEqual(RequestLogger.maskHeader(HTTPHeader("Authorization", "abc")), "<masked>")
        XCTAssertEqual(RequestLogger.maskHeader(HTTPHeader("Accept", "a")), "a")
    }

    func testErrorsAreLogged() throws {
        let sink = LineSink()
        let port = closedPort()
        let c = try client(TransportConfig(proxy: .none, verbosity: 6), log: { sink.append($0) })
        _ = try? c.send(HTTPRequest(url: "http://127.0.0.1:\(port)/x"))
        XCTAssertEqual(sink.lines.count, 2, "\(sink.lines)")
        XCTAssertTrue(sink.lines[0].contains("GET http://127.0.0.1:\(port)/x  in "))
        XCTAssertTrue(sink.lines[1].contains("connectionRefused"))
    }
}
