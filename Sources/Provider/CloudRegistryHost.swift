import Failure
import GoCompat

/// The hosts Flux's workload-identity providers accept (`fluxcd/pkg/auth` azure, aws, gcp),
/// recognised with plain string logic that mirrors their Go regular expressions, so the command
/// can explain what the controller would do (`invalid AWS registry`) and which local
/// credentials it uses instead.
public enum CloudRegistryProvider: String, Sendable, CaseIterable {
    case azure, aws, gcp

    /// The RSIP type that uses this provider.
    public var inputProviderType: String {
        switch self {
        case .azure: return "ACRArtifactTag"
        case .aws: return "ECRArtifactTag"
        case .gcp: return "GARArtifactTag"
        }
    }

    /// The name in the controller's messages (`invalid AWS registry`).
    public var displayName: String {
        switch self {
        case .azure: return "Azure"
        case .aws: return "AWS"
        case .gcp: return "GCP"
        }
    }

    /// The pattern the provider quotes when it rejects a host.
    public var pattern: String {
        switch self {
        case .azure: return #"^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$"#
        case .aws: return #"([0-9+]*).dkr.ecr(?:-fips)?\.([^/.]*)\.(amazonaws\.com[.cn]*|amazonaws\.eu|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)"#
        case .gcp: return #"^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev)|(docker\.s3nsregistry\.fr))$"#
        }
    }

    /// The provider for an RSIP `spec.type`, nil for `OCIArtifactTag` and others.
    public init?(inputProviderType: String) {
        guard let match = Self.allCases.first(where: { $0.inputProviderType == inputProviderType }) else { return nil }
        self = match
    }

    /// Whether the provider accepts `registry` (`host[:port]`, as in the artifact URL).
    public func accepts(_ registry: String) -> Bool {
        switch self {
        case .azure: return CloudRegistryHost.isACR(registry)
        case .aws: return CloudRegistryHost.ecr(registry) != nil
        case .gcp: return CloudRegistryHost.isGAR(registry)
        }
    }

    /// Throws the controller's error for a host it would reject; it does so lazily, at the
    /// first registry request.
    public func validate(_ registry: String) throws(CloudRegistryError) {
        guard accepts(registry) else {
            throw CloudRegistryError(provider: self, registry: registry)
        }
    }

    /// `ECRArtifactTag: using local Docker credentials for <host> (workload identity is only
    /// available in-cluster)`.
    public func localCredentialsNotice(for registry: String) -> String {
        "\(inputProviderType): using local Docker credentials for \(registry) (workload identity is only available in-cluster)"
    }
}

public struct CloudRegistryError: UserFacingError, Equatable, CustomStringConvertible {
    public var provider: CloudRegistryProvider
    public var registry: String
    public var message: String { "invalid \(provider.displayName) registry: '\(registry)'. must match \(provider.pattern)" }
    public var hint: String? { "the controller fails the same way; use OCIArtifactTag with a secretRef for other registries" }
    public var description: String { "\(message) (\(hint ?? ""))" }
}

/// Host recognisers. Regular-expression `.` does not match a newline, so hosts with one never match.
public enum CloudRegistryHost {
    /// `^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$`
    public static func isACR(_ host: String) -> Bool {
        guard !host.contains("\n") else { return false }
        return [".azurecr.io", ".azurecr.cn", ".azurecr.de", ".azurecr.us"].contains { suffix in
            host.hasSuffixBytes(suffix) && host.utf8.count > suffix.utf8.count
        }
    }

    /// `^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev)|(docker\.s3nsregistry\.fr))$`
    public static func isGAR(_ host: String) -> Bool {
        guard !host.contains("\n") else { return false }
        if host == "gcr.io" || host == "docker.s3nsregistry.fr" { return true }
        if host.hasSuffixBytes(".gcr.io") && host.utf8.count > ".gcr.io".utf8.count { return true }
        return host.hasSuffixBytes("-docker.pkg.dev") && host.utf8.count > "-docker.pkg.dev".utf8.count
    }

    /// An ECR registry: account id and region as the provider's unanchored pattern captures
    /// them (leftmost match), or `public.ecr.aws` with no account and region `public.ecr.aws`.
    public struct ECR: Equatable, Sendable {
        public var account: String
        public var region: String
        public var isPublic: Bool
    }

    public static func ecr(_ host: String) -> ECR? {
        if host == "public.ecr.aws" { return ECR(account: "", region: "public.ecr.aws", isPublic: true) }
        let s = Array(host.utf8)
        let marker = Array("dkr.ecr".utf8)
        guard s.count > marker.count else { return nil }
        var best: (start: Int, account: String, region: String)?
        for j in 1...(s.count - marker.count) where Array(s[j..<(j + marker.count)]) == marker {
            // `.` before "dkr" is any character but a newline; `[0-9+]*` before it.
            guard s[j - 1] != 0x0A else { continue }
            var start = j - 1
            while start > 0, isAccountByte(s[start - 1]) { start -= 1 }
            guard let region = regionAndPartition(s, from: j + marker.count) else { continue }
            if best == nil || start < best!.start {
                best = (start, String(decoding: s[start..<(j - 1)], as: UTF8.self), region)
            }
        }
        return best.map { ECR(account: $0.account, region: $0.region, isPublic: false) }
    }

    private static func isAccountByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "+")
    }

    /// `(?:-fips)?\.([^/.]*)\.(partition)` at `i`; returns the region.
    private static func regionAndPartition(_ s: [UInt8], from i: Int) -> String? {
        var starts = [i]
        let fips = Array("-fips".utf8)
        if s.count >= i + fips.count, Array(s[i..<(i + fips.count)]) == fips { starts.insert(i + fips.count, at: 0) }
        for var k in starts {
            guard k < s.count, s[k] == UInt8(ascii: ".") else { continue }
            k += 1
            let regionStart = k
            while k < s.count, s[k] != UInt8(ascii: "/"), s[k] != UInt8(ascii: "."), s[k] != 0x0A { k += 1 }
            guard k < s.count, s[k] == UInt8(ascii: ".") else { continue }
            let rest = String(decoding: s[(k + 1)...], as: UTF8.self)
            let partitions = ["amazonaws.com", "amazonaws.eu", "sc2s.sgov.gov", "c2s.ic.gov", "cloud.adc-e.uk", "csp.hci.ic.gov"]
            if partitions.contains(where: { rest.hasPrefixBytes($0) }) {
                return String(decoding: s[regionStart..<k], as: UTF8.self)
            }
        }
        return nil
    }
}
