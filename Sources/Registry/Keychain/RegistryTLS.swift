import HTTP
import YAML

/// TLS settings from an RSIP `certSecretRef` Secret, read like Flux's
/// `runtime/secrets.TLSConfigFromSecret`: `ca.crt`, `tls.crt`, `tls.key`, with the legacy names
/// `caFile`, `certFile`, `keyFile` used only when the standard key is absent. A CA replaces the
/// system roots (`TLSConfig.caPEM`), exactly as the controller's fresh cert pool does.
public enum RegistryTLS {
    public static let caKey = "ca.crt", certKey = "tls.crt", privateKeyKey = "tls.key"
    public static let legacyCAKey = "caFile", legacyCertKey = "certFile", legacyPrivateKeyKey = "keyFile"

    /// From a Secret object as the API server returns it (`data` base64).
    public static func fromCertSecret(_ secret: Value) throws -> TLSConfig {
        try fromCertSecret(try PullSecret(secret: secret))
    }

    /// From a Secret whose `data` is already decoded.
    public static func fromCertSecret(_ secret: PullSecret) throws -> TLSConfig {
        let ref = secret.reference
        let ca = pick(secret.data, caKey, legacyCAKey)
        let cert = pick(secret.data, certKey, legacyCertKey)
        let key = pick(secret.data, privateKeyKey, legacyPrivateKeyKey)
        let hasCA = !(ca?.bytes.isEmpty ?? true), hasCert = !(cert?.bytes.isEmpty ?? true), hasKey = !(key?.bytes.isEmpty ?? true)
        if hasCert && !hasKey {
            throw KeychainError.tlsSecret(secret: ref, detail: "contains \(cert?.name ?? certKey) but no \(privateKeyKey):"
                + " add the client key for mTLS, or remove the certificate")
        }
        if hasKey && !hasCert {
            throw KeychainError.tlsSecret(secret: ref, detail: "contains \(key?.name ?? privateKeyKey) but no \(certKey):"
                + " add the client certificate for mTLS, or remove the key")
        }
        if !hasCert && !hasCA {
            throw KeychainError.tlsSecret(secret: ref, detail: "must contain either \(caKey) or both \(certKey) and \(privateKeyKey)")
        }
        // Go fails on PEM it cannot parse; catch the common mistakes (DER, a key in ca.crt)
        // before the transfer does, naming the key.
        if let ca, hasCA, !contains(ca.bytes, "-----BEGIN CERTIFICATE-----") {
            throw KeychainError.tlsSecret(secret: ref, detail: "\(ca.name) holds no PEM certificate (failed to parse CA certificate)")
        }
        if let cert, hasCert, !contains(cert.bytes, "-----BEGIN CERTIFICATE-----") {
            throw KeychainError.tlsSecret(secret: ref, detail: "\(cert.name) holds no PEM certificate")
        }
        if let key, hasKey, !contains(key.bytes, "PRIVATE " + "KEY-----") {
            throw KeychainError.tlsSecret(secret: ref, detail: "\(key.name) holds no PEM private key")
        }
        return TLSConfig(caPEM: hasCA ? ca?.bytes : nil,
                         clientCertificatePEM: hasCert ? cert?.bytes : nil,
                         clientKeyPEM: hasKey ? key?.bytes : nil,
                         insecureSkipVerify: false)
    }

    /// The standard key if present at all (even empty), else the legacy one.
    private static func pick(_ data: [String: [UInt8]], _ key: String, _ legacy: String) -> (name: String, bytes: [UInt8])? {
        if let value = data[key] { return (key, value) }
        if let value = data[legacy] { return (legacy, value) }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ marker: String) -> Bool {
        let needle = Array(marker.utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if Array(bytes[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
