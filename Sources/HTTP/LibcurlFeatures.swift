import CCurl

/// What the libcurl in use can be asked, read from `curl_version_info` at run time: the release
/// archive links libcurl.so.4 of whatever system it lands on (7.68 on Ubuntu 20.04, 7.74 on
/// Debian 11, 8.x on Debian 13), so an option newer than that library must not be set.
public struct LibcurlFeatures: Sendable, Equatable {
    /// `0xXXYYZZ`, as libcurl's `LIBCURL_VERSION_NUM`.
    public let versionNumber: UInt32

    public init(versionNumber: UInt32) { self.versionNumber = versionNumber }

    /// The library this process loaded.
    public static let runtime = LibcurlFeatures(versionNumber: ccurl_version_num())

    /// The oldest libcurl the HTTP target works with (curl_multi_poll needs 7.66, Ubuntu 20.04 has 7.68).
    public static let minimum = LibcurlFeatures(versionNumber: 0x07_44_00)

    /// `CURLOPT_PROTOCOLS_STR` and `CURLOPT_REDIR_PROTOCOLS_STR` (7.85.0); before, the bitmasks.
    var protocolsString: Bool { versionNumber >= 0x07_55_00 }
    /// `CURLOPT_CAINFO_BLOB` (7.77.0); before, a file.
    var caInfoBlob: Bool { versionNumber >= 0x07_4D_00 }
    /// `CURLOPT_SSLCERT_BLOB` and `CURLOPT_SSLKEY_BLOB` (7.71.0); before, files.
    var clientCertificateBlob: Bool { versionNumber >= 0x07_47_00 }

    /// `7.74.0`.
    public var version: String {
        "\(versionNumber >> 16).\((versionNumber >> 8) & 0xFF).\(versionNumber & 0xFF)"
    }

    /// What this library lacks and what is done instead, for `kubectl rsip version`.
    public var fallbacks: [String] {
        var f: [String] = []
        if !protocolsString { f.append("CURLOPT_PROTOCOLS bitmask (no CURLOPT_PROTOCOLS_STR before 7.85)") }
        if !caInfoBlob { f.append("CA certificates from a temporary file (no CURLOPT_CAINFO_BLOB before 7.77)") }
        if !clientCertificateBlob {
            f.append("client certificate and key from temporary files (no CURLOPT_SSLCERT_BLOB before 7.71)")
        }
        return f
    }
}
