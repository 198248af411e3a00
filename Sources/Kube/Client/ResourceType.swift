/// Where a kind lives in the API: enough to build paths and kubectl-style names. The generic
/// client knows only core kinds; the plugin declares the Flux kinds it reads (FluxKinds.swift).
public struct ResourceType: Sendable, Equatable {
    public var group: String      // "" for the core group
    public var version: String
    public var plural: String
    public var singular: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, singular: String, kind: String, namespaced: Bool = true) {
        self.group = group; self.version = version; self.plural = plural; self.singular = singular
        self.kind = kind; self.namespaced = namespaced
    }

    /// `resourcesetinputproviders.fluxcd.controlplane.io`, as kubectl names a resource in errors.
    public var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }
    /// `resourcesetinputprovider.fluxcd.controlplane.io`, the prefix of `-o name`.
    public var qualifiedSingular: String { group.isEmpty ? singular : "\(singular).\(group)" }
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// `/api/v1` or `/apis/GROUP/VERSION`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// Collection path in one namespace, or across all namespaces when `namespace` is nil.
    public func collectionPath(namespace: String?) -> String {
        if namespaced, let namespace {
            return "\(groupVersionPath)/namespaces/\(PathEscape.segment(namespace))/\(plural)"
        }
        return "\(groupVersionPath)/\(plural)"
    }

    /// Core Secrets, however the type was made (declared here or found by discovery): their
    /// bodies never reach the `-v` request log.
    public var holdsSecrets: Bool { group.isEmpty && plural == "secrets" }

    public func objectPath(namespace: String?, name: String) -> String {
        "\(collectionPath(namespace: namespace))/\(PathEscape.segment(name))"
    }

    public static let secret = ResourceType(
        group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret")
    public static let serviceAccount = ResourceType(
        group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount")
    public static let namespace = ResourceType(
        group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false)
}

/// Percent-encoding for path segments and query values (RFC 3986 unreserved characters only),
/// so selectors like `app=x,tier!=db` arrive intact.
public enum PathEscape {
    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    public static func segment(_ s: String) -> String { escape(s) }

    public static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if isUnreserved(b) {
                out.append(Character(UnicodeScalar(b)))
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    public static func query(_ items: [(String, String)]) -> String {
        items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}
