import Checksum

/// Content digests of manifests fetched with GET (`sha256:` + hex of the exact body bytes).
enum Digest {
    static func sha256(_ bytes: [UInt8]) -> String { "sha256:" + SHA256.hex(bytes) }

    /// go-containerregistry's `v1.NewHash`: exactly `sha256:` + 64 lower-case hex characters.
    static func isValid(_ digest: String) -> Bool {
        guard digest.hasPrefix("sha256:") else { return false }
        let hex = digest.utf8.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
