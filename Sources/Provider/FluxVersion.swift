/// `fluxcd/pkg/version.ParseVersion`, the rule the controller applies to each tag before the
/// semver constraint. The conformance vectors (computed with the controller's libraries) pin
/// it to Masterminds' *strict* parser after an optional lowercase `v`: exactly
/// `MAJOR.MINOR.PATCH[-pre][+build]`, no leading zeros, so `1.2`, `v1`, `latest`, `1.2.3.4`,
/// `1.2-rc.1`, `0.02.0` and `V3.0.0` are all dropped.
///
/// Note: spec section 2.5 describes an older, coercing rule (`v2025.02.03` -> 2025.2.3,
/// `1.2-rc.1` accepted); fourteen conformance vectors contradict it, and they win.
public enum FluxVersion {
    public static func parse(_ tag: String) -> Semver? {
        var body = Substring(tag)
        if body.first == "v" { body = body.dropFirst() }
        guard let version = try? Semver.parseStrict(body) else { return nil }
        return Semver(major: version.major, minor: version.minor, patch: version.patch,
                      prerelease: version.prerelease, metadata: version.metadata, original: tag)
    }
}
