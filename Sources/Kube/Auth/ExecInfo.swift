import YAML

/// The `KUBERNETES_EXEC_INFO` value: one line of JSON, in the key order kubectl was observed to
/// send (`kind`, `apiVersion`, `spec.interactive`, `spec.cluster`).
enum ExecInfo {
    static func json(config: ExecConfig, interactive: Bool) -> String {
        var spec = "\"interactive\":\(interactive)"
        if config.provideClusterInfo, let c = config.cluster {
            var fields = ["\"server\":\(quote(c.server))"]
            if !c.tlsServerName.isEmpty { fields.append("\"tls-server-name\":\(quote(c.tlsServerName))") }
            if c.insecureSkipTLSVerify { fields.append("\"insecure-skip-tls-verify\":true") }
            if let ca = c.certificateAuthorityData, !ca.isEmpty {
                fields.append("\"certificate-authority-data\":\(quote(Base64.encode(ca)))")
            }
            if !c.proxyURL.isEmpty { fields.append("\"proxy-url\":\(quote(c.proxyURL))") }
            if c.disableCompression { fields.append("\"disable-compression\":true") }
            if let extra = c.config, !extra.isNull {
                fields.append("\"config\":\(JSON.encodeCompact(extra, sortKeys: false))")
            }
            spec += ",\"cluster\":{" + fields.joined(separator: ",") + "}"
        }
        return "{\"kind\":\"ExecCredential\",\"apiVersion\":\(quote(config.apiVersion)),\"spec\":{\(spec)}}"
    }

    /// A JSON string literal (Go's encoder also escapes <, > and & for HTML safety; harmless either way).
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
