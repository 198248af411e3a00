/// A semantic version as Masterminds/semver v3 `NewVersion` reads it (coercing mode, the
/// default since v3.4): optional lowercase `v`, one to three numeric segments with leading
/// zeros allowed, optional prerelease and build metadata. Ordering is SemVer 2.0 precedence;
/// build metadata is carried but never compared.
public struct Semver: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    public var prerelease: String
    public var metadata: String
    /// The text that was parsed (a registry tag keeps its `v` and leading zeros here).
    public var original: String

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case invalid, tooLong, segmentStartsZero, invalidPrerelease, segmentOutOfRange

        /// Masterminds' error texts.
        public var description: String {
            switch self {
            case .invalid: return "invalid semantic version"
            case .tooLong: return "version string is too long (max \(Semver.maxLength) bytes)"
            case .segmentStartsZero: return "version segment starts with 0"
            case .invalidPrerelease: return "invalid prerelease string"
            case .segmentOutOfRange: return "error parsing version segment: value out of range"
            }
        }
    }

    /// Masterminds' `MaxVersionLen`.
    public static let maxLength = 256

    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: String = "", metadata: String = "", original: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.metadata = metadata
        self.original = original ?? ""
        if original == nil { self.original = description }
    }

    /// `semver.NewVersion` (coercing): `1`, `v1.2`, `01.02.03-rc.1+b` all parse.
    public static func parse(_ text: String) throws(ParseError) -> Semver {
        guard text.utf8.count <= maxLength else { throw .tooLong }
        var rest = Substring(text)
        if rest.first == "v" { rest = rest.dropFirst() }

        // Metadata is everything after the first '+', prerelease everything after the first
        // '-' before it (a '-' is legal inside metadata).
        var metadata: Substring = ""
        if let plus = rest.firstIndex(of: "+") {
            metadata = rest[rest.index(after: plus)...]
            rest = rest[..<plus]
            guard validIdentifiers(metadata) else { throw .invalid }
        }
        var prerelease: Substring = ""
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
            guard validIdentifiers(prerelease) else { throw .invalid }
        }

        let segments = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(segments.count), segments.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw .invalid
        }
        var numbers: [UInt64] = []
        for segment in segments {
            guard let value = UInt64(segment) else { throw .segmentOutOfRange }
            numbers.append(value)
        }
        try checkNumericIdentifiers(prerelease)
        return Semver(major: numbers[0], minor: numbers.count > 1 ? numbers[1] : 0,
                      patch: numbers.count > 2 ? numbers[2] : 0,
                      prerelease: String(prerelease), metadata: String(metadata), original: text)
    }

    /// `1.2.3-rc.1+build`, without the `v` (Masterminds' `String()`).
    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease }
        if !metadata.isEmpty { s += "+" + metadata }
        return s
    }

    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// Precedence: -1, 0 or 1 (Masterminds' `Compare`); metadata is ignored.
    public func compare(_ other: Semver) -> Int {
        if major != other.major { return major < other.major ? -1 : 1 }
        if minor != other.minor { return minor < other.minor ? -1 : 1 }
        if patch != other.patch { return patch < other.patch ? -1 : 1 }
        switch (prerelease.isEmpty, other.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1 // a release ranks above its prereleases
        case (false, true): return -1
        case (false, false): return Semver.comparePrerelease(prerelease, other.prerelease)
        }
    }

    /// Same precedence (`1.2.3` and `v1.2.3+b` are equal); use `==` for field equality.
    public func hasSamePrecedence(as other: Semver) -> Bool { compare(other) == 0 }

    public static func < (a: Semver, b: Semver) -> Bool { a.compare(b) < 0 }

    /// Identifier by identifier; a missing identifier ranks lower; numbers (that fit a UInt64,
    /// as Masterminds parses them) rank below alphanumerics; alphanumerics compare by bytes.
    static func comparePrerelease(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".", omittingEmptySubsequences: false)
        let y = b.split(separator: ".", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) {
            let d = comparePart(i < x.count ? x[i] : "", i < y.count ? y[i] : "")
            if d != 0 { return d }
        }
        return 0
    }

    private static func comparePart(_ s: Substring, _ o: Substring) -> Int {
        if s == o { return 0 }
        if s.isEmpty { return -1 }
        if o.isEmpty { return 1 }
        switch (UInt64(s), UInt64(o)) {
        case let (si?, oi?): return si > oi ? 1 : -1
        case (nil, nil): return s.utf8.lexicographicallyPrecedes(o.utf8) ? -1 : 1
        case (nil, _?): return 1 // s alphanumeric, o numeric
        case (_?, nil): return -1
        }
    }

    /// Numeric prerelease identifiers may not have leading zeros (validatePrerelease).
    static func checkNumericIdentifiers(_ prerelease: Substring) throws(ParseError) {
        for identifier in prerelease.split(separator: ".", omittingEmptySubsequences: false)
        where identifier.allSatisfy(\.isASCIIDigit) && identifier.count > 1 && identifier.first == "0" {
            throw .segmentStartsZero
        }
    }

    /// Dot-separated, non-empty identifiers of `[0-9A-Za-z-]`.
    static func validIdentifiers(_ s: Substring) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D
            }
        }
    }
}

extension Character {
    /// Only `0`-`9`: `Character.isNumber` would also accept other scripts' digits.
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
