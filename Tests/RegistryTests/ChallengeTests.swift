import XCTest
@testable import Registry

final class ChallengeTests: XCTestCase {
    func testBearerWithScopeHoldingCommas() {
        let c = Challenge.parse(#"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:x:pull,push""#)
        XCTAssertEqual(c.count, 1)
        XCTAssertEqual(c[0].kind, .bearer)
        XCTAssertEqual(c[0].realm, "https://auth.example.com/token")
        XCTAssertEqual(c[0].service, "registry.example.com")
        XCTAssertEqual(c[0].scopes, ["repository:x:pull,push"])
    }

    func testRegistryTable() {
        let hub = Challenge.parse(#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io""#)
        XCTAssertEqual(hub, [Challenge(scheme: "Bearer", parameters: ["realm": "https://auth.docker.io/token", "service": "registry.docker.io"])])
        let ecr = Challenge.parse(#"Basic realm="https://1.dkr.ecr.eu-west-1.amazonaws.com/",service="ecr.amazonaws.com""#)
        XCTAssertEqual(ecr.first?.kind, .basic)
        XCTAssertEqual(ecr.first?.service, "ecr.amazonaws.com")
        let gar = Challenge.parse(#"Bearer realm="https://europe-docker.pkg.dev/v2/token""#)
        XCTAssertNil(gar.first?.service)
        let retry = Challenge.parse(#"Bearer realm="http://127.0.0.1:1/token",service="s",scope="repository:a/b:pull",error="insufficient_scope""#)
        XCTAssertEqual(retry.first?.error, "insufficient_scope")
    }

    func testSeveralChallengesAndCaseInsensitivity() {
        let c = Challenge.parse(#"Basic realm="quay", BEARER Realm="https://quay.io/v2/auth", Service=quay.io"#)
        XCTAssertEqual(c.map(\.kind), [.basic, .bearer])
        XCTAssertEqual(c[1].realm, "https://quay.io/v2/auth")
        XCTAssertEqual(c[1].service, "quay.io")
        XCTAssertEqual(Challenge.preferred(c)?.kind, .bearer)
        XCTAssertEqual(Challenge.preferred(Challenge.parse(headers: [#"Basic realm="a""#, #"Negotiate"#]))?.kind, .basic)
        XCTAssertNil(Challenge.preferred(Challenge.parse("Negotiate")))
    }

    func testEscapesSpacesAndUnquotedValues() {
        let c = Challenge.parse(#"Bearer realm = "https://r/t?a=1,b=2" , service=svc,scope="repository:a:pull repository:b:pull", x="say \"hi\"""#)
        XCTAssertEqual(c.count, 1)
        XCTAssertEqual(c[0].realm, "https://r/t?a=1,b=2")
        XCTAssertEqual(c[0].service, "svc")
        XCTAssertEqual(c[0].scopes, ["repository:a:pull", "repository:b:pull"])
        XCTAssertEqual(c[0].parameters["x"], #"say "hi""#)
    }

    func testMalformedInputDoesNotCrash() {
        for header in ["", ",,,", "=", #"Bearer realm="unterminated"#, "Bearer realm=", "\"\"", "Bearer ,, realm"] {
            _ = Challenge.parse(header)
        }
        XCTAssertEqual(Challenge.parse(#"Bearer realm="unterminated"#).first?.realm, "unterminated")
        XCTAssertEqual(Challenge.parse("Bearer realm=").first?.realm, "")
    }
}
