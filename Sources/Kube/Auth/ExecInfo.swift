import YAML
import GoCompat

/// The `KUBERNETES_EXEC_INFO` value: one line of JSON, in the key order kubectl was observed to
/// send (`kind`, `apiVersion`, `spec.interactive`, `spec.cluster`), written by the project's
/// Go-compatible JSON encoder.
enum ExecInfo {
    static func json(config: ExecConfig, interactive: Bool) -> String {
        var spec: Value = ["interactive": .bool(interactive)]
        if config.provideClusterInfo, let c = config.cluster {
            var cluster: Value = ["server": .string(c.server)]
            if !c.tlsServerName.isEmpty { cluster["tls-server-name"] = .string(c.tlsServerName) }
            if c.insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = true }
            if let ca = c.certificateAuthorityData, !ca.isEmpty {
                cluster["certificate-authority-data"] = .string(GoBase64.encode(ca))
            }
            if !c.proxyURL.isEmpty { cluster["proxy-url"] = .string(c.proxyURL) }
            if c.disableCompression { cluster["disable-compression"] = true }
            if let extra = c.config, !extra.isNull { cluster["config"] = extra }
            spec["cluster"] = cluster
        }
        let info: Value = ["kind": "ExecCredential", "apiVersion": .string(config.apiVersion), "spec": spec]
        return JSON.encodeCompact(info, sortKeys: false)
    }
}
