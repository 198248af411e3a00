import Foundation
import Timestamp
import YAML

/// Reads an ExecCredential from a plugin's stdout and checks it as client-go does (§4.10).
enum ExecCredentialDecoder {
    struct Output: Equatable {
        var token: String?
        var clientCertificatePEM: [UInt8]?
        var clientKeyPEM: [UInt8]?
        var expiry: Date?
    }

    static func decode(_ stdout: [UInt8], config: ExecConfig) throws(CredentialError) -> Output {
        func invalid(_ reason: String) -> CredentialError {
            CredentialError(.exec, "exec plugin \(config.command) returned invalid output: \(reason); expected an ExecCredential with apiVersion \(config.apiVersion)")
        }
        let value: Value
        do { value = try JSON.parse(stdout) } catch { throw invalid("\(error)") }
        guard case .object = value else { throw invalid("the output is \(value.kindDescription), not a JSON object") }
        let kind = value["kind"]?.string ?? ""
        let version = value["apiVersion"]?.string ?? ""
        if kind != "ExecCredential" { throw invalid(kind.isEmpty ? "kind is missing" : "kind is \"\(kind)\"") }
        if version != config.apiVersion {
            throw CredentialError(.exec, "exec plugin is configured to use API version \(config.apiVersion), plugin returned version \(version)")
        }
        guard let status = value["status"], case .object = status else {
            throw CredentialError(.exec, "exec plugin didn't return a status field")
        }
        func text(_ key: String) throws(CredentialError) -> String {
            guard let v = status[key], !v.isNull else { return "" }
            guard let s = v.string else { throw invalid("status.\(key) is \(v.kindDescription), not a string") }
            return s
        }
        let token = try text("token"), cert = try text("clientCertificateData"), key = try text("clientKeyData")
        if token.isEmpty && cert.isEmpty && key.isEmpty {
            throw CredentialError(.exec, "exec plugin didn't return a token or cert/key pair")
        }
        if cert.isEmpty != key.isEmpty {
            throw CredentialError(.exec, "exec plugin returned only certificate or key, not both")
        }
        var out = Output()
        if !token.isEmpty { out.token = token }
        if !cert.isEmpty { out.clientCertificatePEM = Array(cert.utf8); out.clientKeyPEM = Array(key.utf8) }
        let stamp = try text("expirationTimestamp")
        if !stamp.isEmpty {
            guard let date = RFC3339.date(stamp) else {
                throw invalid("status.expirationTimestamp \"\(stamp)\" is not an RFC 3339 time")
            }
            out.expiry = date
        }
        return out
    }
}
