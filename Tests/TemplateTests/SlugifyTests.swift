import Template
import XCTest
import YAML

/// gosimple/slug with Flux's settings (MaxLength 63, smart truncation).
final class SlugifyTests: XCTestCase {
    func testCases() throws {
        let cases: [(String, String)] = [
            (">=1.0.0-rc.0", "1-0-0-rc-0"),          // from flux-operator's slugify golden file
            (">=1.0.0", "1-0-0"),
            ("Hello, World!", "hello-world"),
            ("  feature/JIRA-123_fix  ", "feature-jira-123_fix"),
            ("Ünïcödé Çafé", "unicode-cafe"),
            ("Straße & Co @ home", "strasse-and-co-at-home"),
            ("--already--slugged--", "already-slugged"),
            ("_under_", "under"),
            ("a---b___c", "a-b___c"),
            (String(repeating: "word-", count: 20), "word-word-word-word-word-word-word-word-word-word-word-word"),  // cut at byte 59
            (String(repeating: "x", count: 70), String(repeating: "x", count: 63)),
            ("", ""),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(try render("<< slugify . >>".replacingOccurrences(of: ".", with: "inputs.s"), ["s": .string(input)]),
                           expected, input)
        }
    }
}
