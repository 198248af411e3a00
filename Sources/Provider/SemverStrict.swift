extension Semver {
    /// Masterminds `StrictNewVersion`: `MAJOR.MINOR.PATCH` (split on the first two dots), then
    /// `+metadata` and `-prerelease` taken from the patch part; numbers without leading zeros.
    public static func parseStrict<S: StringProtocol>(_ text: S) throws(ParseError) -> Semver {
        guard !text.isEmpty else { throw .invalid }
        guard text.utf8.count <= maxLength else { throw .tooLong }
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .invalid }
        var patchPart = parts[2]
        var metadata: Substring = "", prerelease: Substring = ""
        if let plus = patchPart.firstIndex(of: "+") {
            metadata = Substring(patchPart[patchPart.index(after: plus)...])
            patchPart = patchPart[..<plus]
            guard validIdentifiers(metadata) else { throw .invalid }
        }
        if let dash = patchPart.firstIndex(of: "-") {
            prerelease = Substring(patchPart[patchPart.index(after: dash)...])
            patchPart = patchPart[..<dash]
            guard validIdentifiers(prerelease) else { throw .invalidPrerelease }
            try checkNumericIdentifiers(prerelease)
        }
        var numbers: [UInt64] = []
        for part in [Substring(parts[0]), Substring(parts[1]), Substring(patchPart)] {
            guard part.allSatisfy(\.isASCIIDigit) else { throw .invalid }
            if part.count > 1 && part.first == "0" { throw .segmentStartsZero }
            guard let value = UInt64(part) else { throw .segmentOutOfRange } // also rejects ""
            numbers.append(value)
        }
        return Semver(major: numbers[0], minor: numbers[1], patch: numbers[2],
                      prerelease: String(prerelease), metadata: String(metadata), original: String(text))
    }
}
